"""Untrusted text made safe for a terminal (a leaf module: the TUI and the CLI share it).

The character classes are declared here once; stored text is cleaned with the same
classes at the edge (`workbench.domain.text_input`), so what a terminal would act on is
removed before it is stored, and shown as a mark if older data still holds it.
"""

from __future__ import annotations

import re

# C0/C1 controls (ESC starts ANSI/OSC sequences, BEL ends them), DEL, and the bidi
# marks, overrides and isolates that reorder a line. Tab and newline are layout, apart.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029]")
MARK = "\ufffd"  # what a caseworker sees instead of a control character: �


def replace_controls(text: str, mark: str, *, one_line: bool, tab: str = "\t") -> str:
    """`text` with each control, escape and bidi character replaced by `mark`.

    One-line: every run of line breaks and tabs becomes one space. Multi-line: \\n is
    kept (\\r\\n, \\r and the Unicode separators become \\n) and a tab becomes `tab`."""
    laid_out = (_LINE_BREAKS.sub(" ", text) if one_line
                else _NEWLINES.sub("\n", text).replace("\t", tab))
    return CONTROL.sub(mark, laid_out)


def clean(value: object, *, one_line: bool = True) -> str:
    """The text as a terminal may show it: every control, escape and bidi character is
    shown as MARK; a multi-line text keeps its newlines, a tab shows as four spaces."""
    text = "" if value is None else str(value)
    return replace_controls(text, MARK, one_line=one_line, tab="    ")
