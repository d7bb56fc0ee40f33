"""One message catalog for every word the workbench says (stdlib `gettext`).

Chinese is the source language: a msgid *is* the Chinese text, so the default (`zh_CN`)
needs no catalog and a missing translation shows Chinese, never a code. English lives in
`workbench/locale/en/LC_MESSAGES/workbench.po`, compiled to the committed `workbench.mo`
(`scripts/i18n.py extract|update|compile|check`; Babel is a developer tool only, the
program reads the .mo with stdlib `gettext`).

How to mark text:

- `_("已写入 {path}").format(path=…)`: every message shown to a user. Never an f-string
  inside `_()` (the msgid would change with the data); named fields, so a translation may
  reorder them. Codes (stage codes, option names, `TS-…` refs) stay inside fields or as-is.
- `ngettext(singular, plural, n)` where the English needs a plural (Chinese does not).
- `N_("…")` marks text evaluated before the language can be known (module constants,
  tables). Whoever shows it calls `_()` on it then.
- `pgettext("label", "阶段")` when one Chinese word needs another English in one place: the
  TUI's labels and column headings are context "label" ("Stage", "Merchant name") where the
  CLI's msgid is lowercase mid-sentence ("stage"). `NP_("label", "…")` marks a constant of
  such a table (it returns the msgid; whoever shows it calls `pgettext("label", …)`).
- Content is not chrome: case data, documents and vocabulary labels from the domain's
  TOML stay Chinese and are never passed to `_()`.

When the language is applied. The CLI entry point (`workbench.cli.main`) reads `language`
from the config file (and `WORKBENCH_LANGUAGE`) with `locations.startup_language()` before
it imports a command module, so import-time `_()` works in the CLI: Typer `help=` texts are
translated when their module is imported. A docstring cannot be a call, so a command's help
is `@app.command(help=_("…"))` and its docstring, if any, is for developers.
`Globals.settings()` applies the validated setting again for commands run without `main`.

Textual BINDINGS (decision for the TUI conversion): **translated when displayed**, not at
import. Declare `Binding(..., description=N_("退出"), id=...)`; the TUI's base screen
overrides `active_bindings` to return each binding with `description=_(description)`
(dataclasses.replace on the Binding inside each ActiveBinding) — Textual's Footer, our help
screen and the command palette all read descriptions from `screen.active_bindings`, and
Textual's own English bindings ("Quit", "Palette", …) get a Chinese msgid through
`FRAMEWORK_BINDINGS` below. Reasons: BINDINGS are class attributes evaluated once at
import, Textual adds bindings of its own that we cannot wrap, and tests render both
languages in one process.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "workbench"
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENV_LANGUAGE = "WORKBENCH_LANGUAGE"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (see the module docstring)."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark `message` in `context` for extraction; shown later with `pgettext(context, …)`."""
    return message


def _(message: str) -> str:
    """`message` (a Chinese msgid) in the current language ("" stays "", not the header)."""
    return _translations.gettext(message) if message else message


def pgettext(context: str, message: str) -> str:
    """`message` as said in `context` (e.g. "label": a TUI label, capitalised in English)."""
    return _translations.pgettext(context, message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for the count `n`."""
    return _translations.ngettext(singular, plural, n)


def language() -> str:
    """The language messages are shown in (`zh_CN` or `en`)."""
    return _language


def set_language(code: str) -> None:
    """Show every message from now on in `code` (one of LANGUAGES)."""
    global _translations, _language
    if code not in LANGUAGES:
        raise ValueError(_("未知的语言 {code!r}：可选 {choices}").format(
            code=code, choices=", ".join(LANGUAGES)))
    if code == SOURCE_LANGUAGE:
        _translations = gettext.NullTranslations()
    else:  # the .mo ships with the package: a missing one is a packaging bug
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    _language = code


# Textual's own bindings (English descriptions we do not declare): their Chinese msgids.
FRAMEWORK_BINDINGS: dict[str, str] = {
    "Quit": N_("退出"),
    "palette": N_("命令面板"),
    "Palette": N_("命令面板"),
    "Keys": N_("按键"),
    "Copy text": N_("复制文本"),
    "Focus Next": N_("下一项"),
    "Focus Previous": N_("上一项"),
    # the command palette's own entries and prompts
    "Theme": N_("配色主题"),
    "Change the current theme": N_("更换配色主题"),
    "Quit the application as soon as possible": N_("立即退出工作台"),
    "Show help for the focused widget and a summary of available keys":
        N_("显示当前控件的帮助和可用按键"),
    "Hide the keys and widget help panel": N_("隐藏按键和控件帮助"),
    "Minimize": N_("还原"),
    "Minimize the widget and restore to normal size": N_("将控件还原为正常大小"),
    "Maximize": N_("最大化"),
    "Maximize the focused widget": N_("最大化当前控件"),
    "Screenshot": N_("截图"),
    "Save an SVG 'screenshot' of the current screen": N_("将当前屏幕存为 SVG 截图"),
    "Search for commands…": N_("搜索命令…"),
    "Search for themes…": N_("搜索配色主题…"),
}


def binding_description(description: str) -> str:
    """A binding's description as shown (ours are N_() msgids; Textual's own are English)."""
    return _(FRAMEWORK_BINDINGS.get(description, description))
