"""Untrusted text stays text: everything a complainant, provider or import wrote is shown
through these helpers, never parsed as markup, with control characters made harmless."""

from __future__ import annotations

from rich.text import Text

from workbench.terminal_text import clean

__all__ = ["clean", "plain"]


def plain(value: object, style: str = "", *, one_line: bool = True) -> Text:
    """A Rich Text of untrusted content: no markup, no emoji codes, no control characters."""
    return Text(clean(value, one_line=one_line), style=style, no_wrap=one_line, end="")
