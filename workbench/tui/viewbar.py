"""The queue's view bar and the header's "where": every view named at any width, full
names when they fit, short ones at 80 columns, never bare numbers."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from workbench.i18n import N_, _
from workbench.services.queue import View
from workbench.tui.text import clean

CURRENT_STYLE = "reverse bold"
PENDING = "…"
FILTERED = N_("{view} · 筛选后 {count} 件")
COUNTED = N_("{view} {count} 件")


def count_text(count: int | None, compact: bool = False) -> str:
    """`5,000`; compact: `5000`, and `1.2万` from ten thousand on."""
    if count is None:
        return PENDING
    if not compact:
        return f"{count:,}"
    if count >= 10_000:
        return _("{count}万").format(count=f"{count / 10_000:.1f}".rstrip("0").rstrip("."))
    return str(count)


FILTER_LABEL = N_(" + 筛选 {filter}")
MIN_FILTER = 10  # cells: a filter cut shorter than this says nothing (the status line has it)
FORMS = ((False, True, False), (True, True, False), (True, True, True), (True, False, True))


def _bar(views: Sequence[View], counts: dict[int, int], current: int,
         form: tuple[bool, bool, bool]) -> Text:
    short, all_counts, compact = form
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for index, view in enumerate(views):
        name = clean(view.short_title if short else view.title)
        label = f"{index + 1}{name}" if short else f"{index + 1} {name}"
        if all_counts or index == current:
            label += f" {count_text(counts.get(index), compact)}"
        if index == current:  # padded inside its highlight
            text.append(f" {label} ", style=CURRENT_STYLE)
        else:  # full names two spaces apart, short ones one (none beside the highlight)
            gap = " " if short else "  "
            text.append(label if short and index - 1 == current else gap + label)
    return text


def quoted_to(typed: str, cells: int) -> str:
    """`typed` in quotes in at most `cells` cells, cut with … inside the quotes."""
    whole = f"“{typed}”"
    if cell_len(whole) <= cells:
        return whole
    cut = set_cell_size(typed, max(cells - 3, 0)).rstrip()
    return f"“{cut}…”"


def view_bar(views: Sequence[View], counts: dict[int, int], current: int, width: int,
             user_filter: str = "") -> Text:
    """The longest form that fits `width`: full names with counts, short names with
    counts, short names with only the current view's count (then cut with …). A filter
    kept across views follows, whole or cut inside its quotes to the width left; the
    counts stay when they leave it room, else only the current view's count does (what
    is filtered matters more than the other views' counts); with no room even then the
    bar says only `+ 筛选` (the status line has the filter)."""
    bars = [_bar(views, counts, current, form) for form in FORMS]
    label = _(FILTER_LABEL)
    if user_filter:
        for bar in bars[:-1]:  # the filter whole, with every count
            kept = label.format(filter=quoted_to(user_filter, width))
            if bar.cell_len + cell_len(kept) <= width and "…”" not in kept:
                bar.append(kept, style="bold")
                return bar
    cut = [bar for bar in bars if user_filter and bar.cell_len + cell_len(label.format(
           filter="")) + MIN_FILTER <= width]
    if cut:  # the filter cut to the rest: the counts kept if they leave room, else dropped
        bar = cut[0]
        bar.append(label.format(filter=quoted_to(
            user_filter, width - bar.cell_len - cell_len(label.format(filter="")))),
            style="bold")
        return bar
    bar = next((bar for bar in bars if bar.cell_len <= width), bars[-1])
    marker = label.format(filter="").rstrip()  # too little room for the filter: say it is on
    if user_filter and bar.cell_len + cell_len(marker) <= width:
        bar.append(marker, style="bold")
    return bar


def view_context(view: View, total: int, exact: bool, filtered: bool) -> str:
    """What the header says on the queue: the view and how many cases it shows."""
    count = f"{total:,}" if exact else f"{max(total - 1, 0):,}+"
    return _(FILTERED if filtered else COUNTED).format(view=clean(view.title), count=count)
