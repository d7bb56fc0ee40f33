"""The queue's view bar and the header's "where": every view named at any width, full
names when they fit, short ones at 80 columns, never bare numbers."""

from __future__ import annotations

from collections.abc import Sequence

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


def view_bar(views: Sequence[View], counts: dict[int, int], current: int, width: int) -> Text:
    """The longest form that fits `width`: full names with counts, short names with
    counts, short names with only the current view's count (then cut with …)."""
    forms = ((False, True, False), (True, True, False), (True, True, True),
             (True, False, True))
    text = Text()
    for short, all_counts, compact in forms:
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
        if text.cell_len <= width:
            return text
    return text


def view_context(view: View, total: int, exact: bool, filtered: bool) -> str:
    """What the header says on the queue: the view and how many cases it shows."""
    count = f"{total:,}" if exact else f"{max(total - 1, 0):,}+"
    return _(FILTERED if filtered else COUNTED).format(view=clean(view.title), count=count)
