"""Untrusted text made safe for a terminal (a leaf module: the TUI and the CLI share it)."""

from __future__ import annotations

import re

# C0/C1 controls (ESC starts ANSI sequences), DEL, and bidi overrides that reorder a line.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def clean(value: object, *, one_line: bool = True) -> str:
    """The text with control characters replaced; newlines kept unless `one_line`."""
    text = "" if value is None else str(value)
    if one_line:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _CONTROL.sub("\ufffd", text)
