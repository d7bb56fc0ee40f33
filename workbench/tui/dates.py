"""Dates in the TUI's lists: the one style (`domain/dates.py`), shortened to `10-09 14:30`
for the current year when the terminal is narrow."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

from workbench.domain.dates import short

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp

NARROW = 120  # columns: below this, lists drop the current year from dates


def narrow_today(node: DOMNode) -> date | None:
    """Today, if lists on `node`'s terminal should shorten dates; None to show them whole."""
    app = cast("WorkbenchApp", node.app)
    return app.wb.today() if app.size.width < NARROW else None


def shown(text: str, today: date | None) -> str:
    """A date or time from a read model as a list shows it (`today`: see `narrow_today`)."""
    return short(text, today) if today is not None else text
