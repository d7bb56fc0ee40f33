"""Untrusted text stays text: everything a complainant, provider or import wrote is shown
through these helpers, never parsed as markup, with control characters made harmless.

`plain` is for display widgets (Static, Label, table cells, options); `SafeInput` and
`SafeTextArea` are the only editable fields: whatever is placed into them — an initial
value, a suggestion, a paste, a completion — passes `clean` first, so a stored title or a
file name holding an escape sequence is shown as marks (�), never sent to the terminal.
Notifications pass it in `WorkbenchApp.notify`, screen titles in the base screens.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from workbench.terminal_text import clean

__all__ = ["SafeInput", "SafeTextArea", "clean", "plain"]


def plain(value: object, style: str = "", *, one_line: bool = True) -> Text:
    """A Rich Text of untrusted content: no markup, no emoji codes, no control characters."""
    return Text(clean(value, one_line=one_line), style=style, no_wrap=one_line, end="")


class SafeInput(Input):
    """An Input whose value and suggestion are always clean (one line)."""

    def validate_value(self, value: str) -> str:
        return clean(value)

    def validate__suggestion(self, value: str) -> str:
        return clean(value)


class SafeTextArea(TextArea):
    """A TextArea whose text, every edit (typing, paste) and suggestion are clean; newlines
    are kept."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(clean(text, one_line=False), **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(clean(text, one_line=False))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = clean(edit.text, one_line=False)
        return super().edit(edit)

    def validate_suggestion(self, value: str) -> str:
        return clean(value, one_line=False)
