"""Typer's and Click's own words — usage lines, help headings, error messages — in the
workbench's language.

Typer 0.29 vendors Click and writes most of its messages as English f-strings (only a few go
through stdlib `gettext`, whose domain and language follow the process's locale, not our
setting). So the words are translated where they reach the user, from one table:
`CLICK_TEXT` maps each English template of the installed Typer (`{name}` for a field, as
scripts/click_messages.py extracts them; a test fails when one is missing) to a Chinese msgid
of our catalog, whose English translation is Typer's own wording.

- help: every command's context formats with `WorkbenchFormatter` (usage prefix, section
  headings, the help option's help, type names in `<…>`), see `localise`;
- Typer's gettext calls (`typer.core._`: "required", "default: …", "No such command …"):
  answered by `click_text`;
- errors: the root group shows a Click error with `show_error` (usage line, hint, message
  translated field by field, see `translate`).
Imports nothing but Typer, which the CLI loads anyway.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import cache
from typing import Any

import typer.core
from typer import _click
from typer._click.exceptions import ClickException, NoArgsIsHelpError

from workbench.i18n import N_, NP_, _, pgettext

CLICK_TEXT: dict[str, str] = {
    # help
    "Usage: ": N_("用法："),
    "Options": N_("选项："),
    "Arguments": N_("参数："),
    "Commands": N_("命令："),
    "Show this message and exit.": N_("显示本帮助并退出。"),
    "(dynamic)": N_("（动态）"),
    "default: {default}": N_("默认：{default}"),
    "env var: {var}": N_("环境变量：{var}"),
    "required": N_("必填"),
    "DeprecationWarning: The command {name} is deprecated.{extra_message}":
        N_("注意：命令 {name} 已停用。{extra_message}"),
    # errors and their parts
    "Error: {message}": N_("错误：{message}"),
    "Try '{command} {option}' for help.\n": N_("运行 '{command} {option}' 查看帮助。\n"),
    "Aborted!": N_("已中止。"),
    "Missing command.": N_("缺少子命令。"),
    "No such command {name!r}.": N_("没有命令 {name!r}。"),
    "{message}. Did you mean {suggestions}?": N_("{message}。是否要用 {suggestions}？"),
    "No such option: {option_name}": N_("没有选项：{option_name}"),
    "{message} (Possible options: {possibility_str})": N_("{message}（可能是：{possibility_str}）"),
    "(Possible options: {possibility_str})": N_("（可能是：{possibility_str}）"),
    "Got unexpected extra argument(s) ({extra_args})": N_("多余的参数：{extra_args}"),
    "Missing {param_type}{param_hint}. {msg}": N_("缺少{param_type}{param_hint}。{msg}"),
    "Missing {param_type}{param_hint}.": N_("缺少{param_type}{param_hint}。"),
    "Missing parameter: {param_name}": N_("缺少参数：{param_name}"),
    "argument": N_("参数"),
    "option": N_("选项"),
    "parameter": N_("参数值"),
    "Invalid value for {hint}: {message}": N_("{hint} 的值无效：{message}"),
    "Invalid value: {message}": N_("值无效：{message}"),
    "Option {opt} does not take a value.": N_("选项 {opt} 不带值。"),
    "Option {option_name} requires {msg}": N_("选项 {option_name} 需要{msg}"),
    "an argument.": N_("一个值。"),
    "{nargs} arguments.": N_("{nargs} 个值。"),
    "Argument {dest} takes {nargs} values.": N_("参数 {dest} 需要 {nargs} 个值。"),
    "Value must be an iterable.": N_("应为一组值。"),
    "Value {value} is not a valid {label}.": N_("{value} 不是有效的{label}。"),
    "Value {value} is not a valid {name}.": N_("{value} 不是有效的{name}。"),
    "Could not open file {ui_filename}: {message}": N_("无法打开文件 {ui_filename}：{message}"),
    "unknown error": N_("未知错误"),
    "{label} {value} does not exist.": N_("{label} {value} 不存在。"),
    "{label} {loc} is a file.": N_("{label} {loc} 是文件。"),
    "{label} {loc} is a directory.": N_("{label} {loc} 是目录。"),
    "{label} {loc} is not readable.": N_("{label} {loc} 不可读。"),
    "{label} {loc} is not writable.": N_("{label} {loc} 不可写。"),
    "File": N_("文件"),
    "Directory": N_("目录"),
    "Path": N_("路径"),
    # the value checks Typer leaves to pydantic (its first error's message): listed by hand,
    # pydantic-core words them in compiled code; an unlisted one stays English
    "Input should be a valid integer, unable to parse string as an integer": N_("应为整数"),
    "Input should be a valid number, unable to parse string as a number": N_("应为数字"),
    "Input should be a valid boolean, unable to interpret input": N_("应为是或否"),
    "Input should be less than or equal to {le}": N_("不应大于 {le}"),
    "Input should be greater than or equal to {ge}": N_("不应小于 {ge}"),
    "Input should be less than {lt}": N_("应小于 {lt}"),
    "Input should be greater than {gt}": N_("应大于 {gt}"),
}

# the type names Typer writes in a help's `<…>` (`--days <int range>`)
# (context "metavar": a placeholder's word, "OPTIONS" and "path" rather than "Options", "Path")
TYPE_NAMES: dict[str, str] = {
    "str": NP_("metavar", "文本"),
    "int": NP_("metavar", "整数"),
    "float": NP_("metavar", "数字"),
    "int range": NP_("metavar", "整数范围"),
    "float range": NP_("metavar", "数字范围"),
    "path": NP_("metavar", "路径"),
    "file": NP_("metavar", "文件"),
    "directory": NP_("metavar", "目录"),
    "datetime": NP_("metavar", "日期时间"),
    "bool": NP_("metavar", "是或否"),
}
# a field's text where "anything" would be ambiguous (two fields side by side)
_FIELD_PATTERNS = {"param_type": "argument|option|parameter", "param_hint": "(?: .*)?"}
_FIELD = re.compile(r"\{(\w+)(?:![rsa])?\}")
_TYPE = re.compile(r"<([a-z ]+)>")


def _pattern(template: str) -> re.Pattern[str]:
    parts, last = [], 0
    for match in _FIELD.finditer(template):
        parts.append(re.escape(template[last:match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>{_FIELD_PATTERNS.get(name, '.+?')})")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


@cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """The templates with fields, most literal text first (the most specific wins); compiled
    on the first error, so `--help` does not pay for them."""
    keys = sorted((key for key in CLICK_TEXT if _FIELD.search(key)),
                  key=lambda key: -len(_FIELD.sub("", key)))
    return [(_pattern(key), CLICK_TEXT[key]) for key in keys]


def click_text(english: str) -> str:
    """One of Typer's messages (`english` exactly as Typer writes it) in the current language."""
    msgid = CLICK_TEXT.get(english)
    return _(msgid) if msgid is not None else english


def translate(text: str) -> str:
    """A message Typer composed (`Invalid value for '--days': Input should be …`) in the
    current language, field by field; text that matches no template (ours) stays as it is."""
    if text in CLICK_TEXT:
        return click_text(text)
    for pattern, msgid in _templates():
        match = pattern.fullmatch(text)
        if match:
            fields = {name: translate(value) for name, value in match.groupdict().items()}
            shown = _FIELD.sub(r"{\1}", _(msgid)).format(**fields)
            return shown.replace("。。", "。")  # a Chinese field's own full stop
    if text.endswith(".") or not text:
        return text
    shown = translate(text + ".")  # "No such command 'x'" before ". Did you mean"
    return shown.removesuffix("。") if shown != text + "." else text


class WorkbenchFormatter(_click.HelpFormatter):
    """Click's help layout with Typer's words in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, click_text("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        shown = click_text(heading)  # Typer may have translated it already ("选项：")
        colon = "" if shown.endswith((":", "：")) else ":"
        self.write(f"{'':>{self.current_indent}}{shown}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        self.write("\n".join("".join(f"{indent}{line}\n" for line in
                                     wrap_cells(paragraph, self.width - self.current_indent))
                             for paragraph in text.split("\n\n")))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        """Click's definition list, laid out by terminal cells (a CJK character is two)."""
        shown = [(_TYPE.sub(_type_name, term), click_text(text)) for term, text in rows]
        first_col = min(max((cells(term) for term, _text in shown), default=0),
                        col_max) + col_spacing
        for term, text in shown:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if cells(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_cells(text, max(self.width - first_col - 2, 10))
            self.write("\n".join([lines[0], *(f"{'':>{first_col + self.current_indent}}{line}"
                                              for line in lines[1:])]) + "\n")


_NO_LINE_START = set("，。、；：？！）」』》〉”’,.;:?!)]")
_NO_LINE_END = set("（「『《〈“‘([")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def cells(text: str) -> int:
    """How many terminal cells `text` takes (CJK and full-width characters take two)."""
    return sum(2 if _wide(char) else 1 for char in text)


def _tokens(text: str) -> list[str]:
    """Words, single CJK characters and single spaces (a regex over the CJK ranges would
    cost `--help` 40 ms to compile)."""
    tokens: list[str] = []
    for char in " ".join(text.split()):
        if char == " " or _wide(char) or not tokens or tokens[-1] == " " or _wide(tokens[-1][-1]):
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def wrap_cells(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: CJK breaks between any two characters (but
    not before closing or after opening punctuation), other text between words."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if token == " ":
            line += " " if line else ""
            continue
        if line and cells(line + token) > width and token[0] not in _NO_LINE_START:
            carried = line[-1] if line[-1] in _NO_LINE_END and len(line) > 1 else ""
            lines.append(line.removesuffix(carried).rstrip())
            line = carried
        line += token
    return [*lines, line.rstrip()]


def _type_name(match: re.Match[str]) -> str:
    msgid = TYPE_NAMES.get(match.group(1))
    return f"<{pgettext('metavar', msgid)}>" if msgid else match.group(0)


class WorkbenchContext(typer.Context):
    formatter_class = WorkbenchFormatter


def localise(command: _click.Command) -> None:
    """Give `command` and every command below it the translated help and usage words."""
    command.context_class = WorkbenchContext
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = "[{}]".format(pgettext("metavar", "选项"))
    if getattr(command, "subcommand_metavar", None) == "COMMAND [ARGS]...":
        command.subcommand_metavar = "{} [{}]...".format(  # type: ignore[attr-defined]
            pgettext("metavar", "命令"), pgettext("metavar", "参数"))
    for sub in getattr(command, "commands", {}).values():
        localise(sub)


def show_error(error: ClickException) -> None:
    """Print a Click error as Click does (usage, hint, `Error: …`), in the current language."""
    if isinstance(error, NoArgsIsHelpError):  # the help itself, already translated
        _click.echo(error.format_message(), err=True, color=error.ctx.color)
        return
    ctx: Any = getattr(error, "ctx", None)
    color = error.show_color
    if ctx is not None:
        color = ctx.color
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            hint = click_text("Try '{command} {option}' for help.\n").format(
                command=ctx.command_path, option=ctx.help_option_names[0])
        _click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=color)
    message = click_text("Error: {message}").format(message=translate(error.format_message()))
    _click.echo(message, err=True, color=color)


def show_aborted() -> None:
    _click.echo(click_text("Aborted!"), file=sys.stderr)


# Typer's own gettext calls ("required", "default: …", "No such command …") ask us instead
setattr(typer.core, "_", click_text)  # noqa: B010  (not a typed attribute of Typer's)
