"""A list tab's entries (timeline, contacts, filings) as a table with a row cursor: j/k
and ↑↓ move it, it opens on the newest entry (the lists are newest first), and `v` shows
the selected entry in full. One line per entry; columns get their natural width, and when
the terminal is too narrow the free-text columns share what is left and end in `…` (dates,
channels, names stay whole)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import DataTable

from workbench.i18n import _
from workbench.tui.case.pane import list_bindings
from workbench.tui.detail import Record
from workbench.tui.text import plain

# what the table may use of the terminal's width: the pane's focus bar (1), the
# vertical scrollbar (2) and one cell to spare
FRAME = 4
MIN_FREE = 8  # cells a free-text column keeps before the columns share evenly


@dataclass(frozen=True, slots=True)
class EntryColumn:
    title: str  # msgid
    flex: bool = False  # free text: shares the width left, cut with …


def fit(columns: Sequence[EntryColumn], rows: Sequence[Sequence[str]], width: int,
        padding: int = 1) -> list[int]:
    """Column widths for `rows` in `width` cells (each column also takes 2×`padding`):
    natural widths (the longest cell) if they fit, else the free-text columns give up
    width where it cuts the fewest cells: step by step the column that frees the most
    room per cell cut (down to its next shorter cell; on a tie the one further right)
    gives it, so the last one cut takes what is left. Below MIN_FREE cells each they
    share evenly instead."""
    natural = [max([cell_len(_(c.title))] + [cell_len(r[i]) for r in rows])
               for i, c in enumerate(columns)]
    room = width - 2 * padding * len(columns)
    if sum(natural) <= room:
        return natural
    flex = [i for i, c in enumerate(columns) if c.flex]
    floors = {i: min(natural[i], max(cell_len(_(columns[i].title)), MIN_FREE)) for i in flex}
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        best: tuple[float, int, int] | None = None  # (room per cell cut, room, column)
        for i in flex:
            shorter = [n for r in rows if floors[i] <= (n := cell_len(r[i])) < widths[i]]
            to = max(shorter, default=floors[i])
            cut = sum(1 for r in rows if to < cell_len(r[i]) <= widths[i])
            gain = widths[i] - to
            score = (gain / cut if cut else float("inf"), gain)
            if gain and (best is None or score >= best[:2]):
                best = (*score, i)
        if best is None:  # every free-text column is down to its floor
            return _shared(columns, natural, room)
        _score, gain, i = best
        widths[i] -= min(gain, excess)
        excess -= min(gain, excess)
    return widths


def _shared(columns: Sequence[EntryColumn], natural: list[int], room: int) -> list[int]:
    """The free-text columns share what the others leave evenly, a narrow one keeping
    its natural width."""
    flex = sorted((i for i, c in enumerate(columns) if c.flex), key=lambda i: natural[i])
    left = room - sum(w for i, w in enumerate(natural) if i not in flex)
    widths = list(natural)
    for n, i in enumerate(flex):
        widths[i] = max(1, min(natural[i], left // (len(flex) - n)))
        left -= widths[i]
    return widths


def _cut(value: str) -> Text:
    """A cell: one line of untrusted text, ending in … where the column cuts it."""
    cell = plain(value)
    cell.overflow = "ellipsis"
    return cell


class EntryTable(DataTable[Text]):
    """The entries of a list tab, one row each, the cursor on one of them."""

    BINDINGS: ClassVar[list[BindingType]] = list_bindings("scroll_top", "scroll_bottom")

    def __init__(self, columns: Sequence[EntryColumn], empty: str, *, id: str) -> None:
        super().__init__(id=id, classes="case-text", cursor_type="row")
        self.spec = tuple(columns)
        self.empty = empty  # msgid: what the tab says when there is nothing yet
        self.count = 0  # entries shown (0: the empty line, no cursor)
        self.records: tuple[Record, ...] = ()

    def put(self, rows: Sequence[Sequence[str]], records: Sequence[Record]) -> None:
        """Show `rows` (newest first), each entry's whole `records` kept for `v`. The cursor
        stays on the entry it was on: entries arrive at the top, so it keeps its distance
        from the bottom."""
        self.records = tuple(records)
        from_end = self.count - self.cursor_row if self.count else None
        self.clear(columns=True)
        widths = fit(self.spec, rows, self.app.size.width - FRAME, self.cell_padding)
        if not rows:  # one line saying what to do, across the table
            self.add_column("")
            self.add_row(plain(_(self.empty)))
        else:
            for column, width in zip(self.spec, widths, strict=True):
                self.add_column(_(column.title), width=width)
        for cells in rows:
            self.add_row(*(_cut(value) for value in cells))
        self.count = len(rows)
        self.show_cursor = self.show_header = bool(rows)
        if rows:
            row = 0 if from_end is None else max(0, len(rows) - from_end)
            self.move_cursor(row=row, animate=False)

    def record(self) -> Record | None:
        """The entry under the cursor in full (None: there are none)."""
        return self.records[min(self.cursor_row, self.count - 1)] if self.count else None
