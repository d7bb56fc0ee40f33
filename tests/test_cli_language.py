"""Typer's and Click's own words (usage, headings, the help option, error messages) speak the
configured language: Chinese by default, Typer's English with `language = "en"`. Run through
the real command in a fresh process, and checked against every message the installed Typer
can print (scripts/click_messages.py reads them from its sources)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from workbench import i18n
from workbench.cli.click_text import CLICK_TEXT, cells, translate, wrap_cells

ROOT = Path(__file__).resolve().parent.parent
_FIELD = re.compile(r"\{\w+(?:![rsa])?\}")
# every word Typer's messages are made of ("Usage", "Options", "Missing", "argument", …)
CLICK_WORDS = {word for key in CLICK_TEXT
               for word in re.findall(r"[A-Za-z]{2,}", _FIELD.sub(" ", key))}
# what our own output may hold that looks like a word: option names, quoted or <…> codes,
# the program and its commands (codes)
_CODES = re.compile(r"--?[\w-]+|'[^']*'|<[^>]*>|\{[^}]*\}|\b[a-z][\w-]*\b")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("click_messages",
                                                  ROOT / "scripts" / "click_messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _workbench(args: list[str], tmp_path: Path, language: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")}
    env |= {"HOME": str(tmp_path), "WORKBENCH_DATA_DIR": str(tmp_path / "data"),
            "WORKBENCH_CONFIG": str(tmp_path / "config.toml"), "COLUMNS": "80"}
    (tmp_path / "config.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=env)


def click_words_in(text: str) -> set[str]:
    """Typer's English words in `text` once codes, option names and commands are removed."""
    return set(re.findall(r"[A-Za-z]{2,}", _CODES.sub(" ", text))) & CLICK_WORDS


CASES = [  # (arguments, exit code, English Typer would print, Chinese we print)
    (["--help"], 0, ["Usage: python -m workbench [OPTIONS] COMMAND [ARGS]...", "Options:",
                     "Commands:", "Show this message and exit."],
     ["用法：python -m workbench [选项] 命令 [参数]...", "选项：", "命令：", "显示本帮助并退出。"]),
    (["escalate", "--help"], 0, ["Arguments:", "[required]"], ["参数：", "[必填]"]),
    (["remind", "--help"], 0, ["<int range>", "[default: 3;"], ["<整数范围>", "[默认：3;"]),
    (["escalate", "--bogus"], 2,
     ["Try 'python -m workbench escalate --help' for help.", "Error: No such option: --bogus"],
     ["运行 'python -m workbench escalate --help' 查看帮助。", "错误：没有选项：--bogus"]),
    (["escalate"], 2, ["Error: Missing argument 'ref'."], ["错误：缺少参数 'ref'。"]),
    (["nosuch"], 2, ["Error: No such command 'nosuch'."], ["错误：没有命令 'nosuch'。"]),
    (["clse"], 2, ["No such command 'clse'. Did you mean 'close'?"],
     ["没有命令 'clse'。是否要用 'close'？"]),
    (["remind", "--days", "abc"], 2,
     ["Error: Invalid value for '--days': Input should be a valid integer"],
     ["错误：'--days' 的值无效：应为整数"]),
    (["doctor", "extra"], 2, ["Got unexpected extra argument(s) (extra)"], ["多余的参数：extra"]),
    (["remind", "--days"], 2, ["Option '--days' requires an argument."],
     ["选项 '--days' 需要一个值。"]),
]


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize(("args", "code", "english", "chinese"), CASES,
                         ids=[" ".join(case[0]) for case in CASES])
def test_typer_speaks_the_configured_language(tmp_path: Path, language: str, args: list[str],
                                              code: int, english: list[str],
                                              chinese: list[str]) -> None:
    done = _workbench(args, tmp_path, language)
    shown = done.stdout + done.stderr
    assert done.returncode == code, shown
    flat = " ".join(shown.split())  # without the line wrapping
    for text in english if language == "en" else chinese:
        assert " ".join(text.split()) in flat, (text, shown)
    if language == "zh_CN":
        assert click_words_in(shown) == set(), shown
    else:
        assert "用法" not in shown and "错误：" not in shown


def test_every_message_of_the_installed_typer_has_chinese() -> None:
    """An upgrade of Typer that adds a message fails here: give it a Chinese msgid."""
    found = _script().click_messages()
    assert len(found) > 20  # the extractor still finds Typer's messages
    assert sorted(found - set(CLICK_TEXT)) == []


def test_typers_gettext_calls_are_answered_by_the_catalog() -> None:
    import typer.core

    from workbench.cli import click_text

    assert typer.core._ is click_text.click_text  # type: ignore[attr-defined]


def test_a_composed_message_is_translated_field_by_field() -> None:
    try:
        i18n.set_language("zh_CN")
        assert translate("No such option: --x (Possible options: --db, --demo)") == \
            "没有选项：--x（可能是：--db, --demo）"
        assert translate("Invalid value for '--to': 没有这个阶段") == \
            "'--to' 的值无效：没有这个阶段"
        assert translate("某个我们自己的消息。") == "某个我们自己的消息。"
        i18n.set_language("en")
        assert translate("Missing option '--to'.") == "Missing option '--to'."
        assert translate("Input should be less than or equal to 365") == \
            "Input should be less than or equal to 365"
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def test_help_text_wraps_by_terminal_cells() -> None:
    lines = wrap_cells("全局选项（--db、--user）写在子命令之前，对每个子命令都有效。", 20)
    assert all(cells(line) <= 20 for line in lines[:-1]) and len(lines) > 2
    assert not any(line.startswith(("，", "。", "）")) or line.endswith("（") for line in lines)
    assert wrap_cells("Why (needed to skip rungs, move down)", 16) == \
        ["Why (needed to", "skip rungs, move", "down)"]
