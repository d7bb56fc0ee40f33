"""Untrusted text at the edge: what may be stored, and which characters never are.

The character classes are the terminal sanitiser's (`workbench.terminal_text`, declared
once there): C0 and C1 controls (ESC starts every ANSI/OSC sequence),
DEL, and the bidi overrides and isolates that reorder a line on screen. Stored text keeps
newlines and tabs where the field is multi-line; NUL and lone surrogates are refused, not
silently dropped, because they mean the input is not text at all.
"""

from __future__ import annotations

import re

from workbench.domain.validators import ValidationError
from workbench.terminal_text import replace_controls

_SURROGATE = re.compile(r"[\ud800-\udfff]")


def without_controls(text: str, *, multiline: bool = False) -> str:
    """`text` with control, escape and bidi characters removed. A multi-line text keeps
    \\n and \\t (\\r\\n and \\r become \\n); in a one-line text each run of line breaks
    and tabs becomes one space."""
    return replace_controls(text, "", one_line=not multiline)


def stored_text(text: str, *, field: str = "text", label: str = "文字",
                multiline: bool = False) -> str:
    """The text as it may be stored: controls removed (see `without_controls`).

    Raises ValidationError (code ``"chars"``) for NUL or a lone surrogate, naming `label`."""
    if "\x00" in text:
        raise ValidationError(field, f"{label}中含有空字符 (NUL), 请删除后重新输入",
                              "chars")
    if _SURROGATE.search(text):
        raise ValidationError(field, f"{label}中含有无法识别的字符 (孤立代理项), "
                              "请重新输入或从原文件重新复制", "chars")
    return without_controls(text, multiline=multiline)
