"""Untrusted text stays text: everything a complainant, provider or import wrote is shown
through these helpers, never parsed as markup, with control characters made harmless."""

from __future__ import annotations

import re

from rich.text import Text

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


def plain(value: object, style: str = "", *, one_line: bool = True) -> Text:
    """A Rich Text of untrusted content: no markup, no emoji codes, no control characters."""
    return Text(clean(value, one_line=one_line), style=style, no_wrap=one_line, end="")
