"""A virtual table over the case queue: only the rows on screen are ever fetched.

The table knows the total row count and a cache of fetched blocks. `render_line` draws
what it has and asks its screen (via `NeedRows`) for blocks it lacks; the screen fetches
them in a worker and hands them back with `set_block`. Once a frame is painted the table
asks ahead for the blocks either side of the cursor's, the first and the last, so paging
and G/g paint from the cache; drawn lines are kept by row content, so a fresh result set
(another session's write) reuses every line whose row did not change.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.dates import day_text
from workbench.domain.ladder import (
    PRIORITY_LABELS,
    Priority,
    Stage,
    Status,
    stage_label,
    stage_short_label,
)
from workbench.domain.masking import mask_name
from workbench.domain.organisations import trade_name
from workbench.i18n import NP_, _, pgettext
from workbench.services.queue import QueueRow
from workbench.tui.text import clean

BLOCK = 100  # rows per fetch
REF_WIDTH = 14  # TS-2026-000123; a longer ref widens the column, it is never cut


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # also the sort key
    title: str  # NP_("label", …)
    width: int  # minimum cells
    flex: int = 0  # share of spare width
    rank: int = 0  # lower ranks are kept when the terminal is narrow
    full_title: str = ""  # NP_("label", …): the header when the spare width allows it


# By meaning, at 80×24: which case (编号, 标题), with whom (服务商's short name), where on
# the ladder (阶段's short label), by when (期限). 类别 comes next: when it does not fit it
# is in the status line of the highlighted row, and `v` shows every column.
COLUMNS: tuple[Column, ...] = (
    Column("ref", NP_("label", "编号"), REF_WIDTH, rank=0),
    Column("opened", NP_("label", "受理"), 10, rank=7),
    Column("title", NP_("label", "标题"), 24, flex=3, rank=1),  # twelve characters at least
    Column("complainant", NP_("label", "投诉人"), 8, flex=1, rank=4),
    Column("provider", NP_("label", "服务商"), 10, flex=2, rank=2),
    Column("category", NP_("label", "类别"), 8, rank=3),  # as wide as its longest label
    Column("stage", NP_("label", "阶段"), 8, rank=1),
    Column("due", NP_("label", "期限"), 11, rank=0),  # "!2025-10-09" stays whole
    Column("assignee", NP_("label", "经办人"), 8, rank=6),
    Column("priority", NP_("label", "优先"), 4, rank=5, full_title=NP_("label", "优先级")),
)
MARK_WIDTH = 2


def sort_label(key: str) -> str:
    """The column a sort key names, as its header reads (the key itself if none does)."""
    return next((pgettext("label", c.title) for c in COLUMNS if c.key == key), key)


GAP = 1


@functools.lru_cache(maxsize=64)  # asked for every line drawn: the same few widths
def layout(width: int, columns: tuple[Column, ...] = COLUMNS, *,
           ref_width: int = REF_WIDTH) -> tuple[tuple[Column, int], ...]:
    """Which columns fit in `width` cells, and how wide each is (in declared order);
    `ref_width` is the longest ref shown, so the ref column never cuts one; nor does the
    category column cut a label (a fixed vocabulary): it is shown whole or not at all."""
    widest = {"ref": ref_width, "category": max(map(cell_len, CATEGORY_LABELS.values()))}
    columns = tuple(replace(c, width=max(c.width, widest[c.key])) if c.key in widest else c
                    for c in columns)
    usable = width - MARK_WIDTH
    kept = sorted(columns, key=lambda c: c.rank)
    while kept and sum(c.width + GAP for c in kept) > usable:
        kept.pop()
    spare = usable - sum(c.width + GAP for c in kept)
    for i, c in enumerate(kept):  # a spelt-out header (and its sort arrow) first
        grow = cell_len(pgettext("label", c.full_title)) + 1 - c.width if c.full_title else 0
        if 0 < grow <= spare:
            kept[i], spare = replace(c, width=c.width + grow), spare - grow
    flex_total = sum(c.flex for c in kept) or 1
    widths = {c.key: c.width + (spare * c.flex) // flex_total for c in kept}
    chosen = [(c, widths[c.key]) for c in columns if c.key in widths]
    # rounding leftovers go to the widest flexible column so the row fills the screen
    used = sum(w + GAP for _, w in chosen)
    if chosen and used < usable:
        flex_cols = [i for i, (c, _) in enumerate(chosen) if c.flex] or [len(chosen) - 1]
        i = flex_cols[-1]
        chosen[i] = (chosen[i][0], chosen[i][1] + usable - used)
    return tuple(chosen)


def column_title(column: Column, width: int, arrow: str = "") -> str:
    """The header of `column` at `width`: spelt out (优先级) when that fits."""
    full = pgettext("label", column.full_title) + arrow if column.full_title else ""
    if full and cell_len(full) <= width:
        return full
    return pgettext("label", column.title) + arrow


def fit(text: str, width: int) -> str:
    """Truncate to `width` cells with an ellipsis (CJK characters are two cells wide)."""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - used - 1)


def due_text(row: QueueRow, today: date) -> tuple[str, str]:
    """(text, state) of the due cell; state is overdue, soon, estimated or ''."""
    if row.due_on is None or row.status == "closed":
        return ("—", "")
    day = row.due_on
    days = (day - today).days
    state = "overdue" if days < 0 else "soon" if days <= 3 else ""
    state = state or ("estimated" if row.due_estimated else "")
    # one mark: urgency first (an estimated date's mark yields to it; its row shows why)
    marker = {"overdue": "!", "soon": "•", "estimated": "~"}.get(state, " ")
    return f"{marker}{day_text(day, today)}", state


def cell_text(column: str, row: QueueRow, today: date, width: int = 0) -> str:
    """A row's cell as a column of `width` cells shows it (0: as narrow as it gets)."""
    if column == "ref":
        return row.ref
    if column == "title":
        return row.title
    if column == "opened":
        return day_text(row.opened_at.date())
    if column == "complainant":
        if row.complainant_kind == "merchant" and row.merchant_name:
            return row.merchant_name
        return mask_name(row.complainant)
    if column == "provider":  # the 字号 is what tells providers apart in a narrow column
        if width and cell_len(clean(row.provider)) <= width:
            return row.provider  # a wide column has room for the whole name
        return row.provider_short or trade_name(row.provider) or row.provider
    if column == "category":
        return CATEGORY_LABELS.get(Category(row.primary_category), row.primary_category) \
            if row.primary_category in Category._value2member_map_ else row.primary_category
    if column == "stage":
        return stage_short_label(row.stage) if row.stage in Stage._value2member_map_ \
            else row.stage
    if column == "due":
        return due_text(row, today)[0]
    if column == "assignee":
        return row.assignee_name or row.assignee or "—"
    if column == "priority":
        return PRIORITY_LABELS.get(Priority(row.priority), row.priority) \
            if row.priority in Priority._value2member_map_ else row.priority
    return ""


def row_record(row: QueueRow, today: date) -> list[tuple[str, str]]:
    """Every column of a row in full (for `v`): names not shortened, the due date whole."""
    full = {
        "provider": _("{name}（简称 {short}）").format(name=row.provider, short=row.provider_short)
        if row.provider_short else row.provider,
        "stage": stage_label(row.stage) if row.stage in Stage._value2member_map_
        else row.stage,
        "complainant": _("{shop}（商户；{name}）").format(shop=row.merchant_name,
                                                         name=mask_name(row.complainant))
        if row.complainant_kind == "merchant" and row.merchant_name
        else mask_name(row.complainant),
        "assignee": f"{row.assignee_name}（{row.assignee}）" if row.assignee_name
        else row.assignee or _("未分配"),
    }
    if row.due_on is not None and row.status != "closed":
        days = (row.due_on - today).days
        when = (_("逾期 {days} 天").format(days=-days) if days < 0 else _("今天到期")
                if days == 0 else _("还有 {days} 天").format(days=days))
        shown = (_("{day}（{when}，预估）") if row.due_estimated else _("{day}（{when}）"))
        full["due"] = shown.format(day=row.due_on.isoformat(), when=when)
    record = [(pgettext("label", c.title), full.get(c.key) or cell_text(c.key, row, today))
              for c in COLUMNS]
    return [*record, (_("状态"), Status.label_of(row.status, row.status))]


class QueueHeader(Widget):
    """Column titles; clicking one sorts by it."""

    DEFAULT_CSS = "QueueHeader { height: 1; }"

    @dataclass
    class SortClicked(Message):
        key: str

    sort: reactive[str] = reactive("due")
    descending: reactive[bool] = reactive(False)
    ref_width: reactive[int] = reactive(REF_WIDTH)  # the table's, so the columns line up

    def render(self) -> Text:
        text = Text(" " * MARK_WIDTH, no_wrap=True, end="")
        for column, width in layout(self.size.width, ref_width=self.ref_width):
            arrow = ("↓" if self.descending else "↑") if column.key == self.sort else ""
            title = column_title(column, width, arrow)
            style = "bold reverse" if column.key == self.sort else "bold"
            text.append(fit(title, width), style=style)
            text.append(" " * GAP)
        return text

    def on_click(self, event: events.Click) -> None:
        x = MARK_WIDTH
        for column, width in layout(self.size.width, ref_width=self.ref_width):
            if x <= event.x < x + width + GAP:
                self.post_message(self.SortClicked(column.key))
                return
            x += width + GAP


class QueueTable(ScrollView, can_focus=True):
    """The rows of the queue, drawn line by line from a block cache."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "queue-table--cursor", "queue-table--marked", "queue-table--overdue",
        "queue-table--soon", "queue-table--estimated", "queue-table--loading",
        "queue-table--range",
    }

    cursor: reactive[int] = reactive(0, repaint=False)  # watch_cursor repaints what changed

    @dataclass
    class NeedRows(Message):
        """Ask the screen for the block starting at `offset`."""

        offset: int

    @dataclass
    class CursorMoved(Message):
        index: int
        row: QueueRow | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.exact = True
        self.blocks: dict[int, list[QueueRow]] = {}
        self.requested: set[int] = set()
        self.marks: dict[int, int] = {}  # case id → the version seen when marked
        self.range_anchor: int | None = None
        self.today = date.min  # set from the service clock before the first paint
        self.ref_width = REF_WIDTH  # the longest ref fetched so far
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._base_style: Style | None = None  # set while a frame is drawn

    # data -----------------------------------------------------------------
    def reset(self, total: int, *, exact: bool = True) -> None:
        """New result set: drop the cache, keep the cursor (clamped to the new rows).

        `exact` False: at least `total` rows; `set_total` gives the real number later.
        """
        self.total = total
        self.exact = exact
        self.blocks.clear()  # rows may have changed; drawn lines are keyed by row: kept
        self.requested.clear()
        self.virtual_size = Size(self.size.width, total)
        self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()

    def set_total(self, total: int) -> None:
        """The exact count arrived: widen the scroll range, keep rows and cursor."""
        self.total, self.exact = total, True
        self.virtual_size = Size(self.size.width, total)
        self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()
        self.call_after_refresh(self.prefetch)  # the last block is known now

    def set_block(self, offset: int, rows: list[QueueRow]) -> None:
        self.blocks[offset] = rows
        longest = max((cell_len(clean(r.ref)) for r in rows), default=0)
        if longest > self.ref_width:
            self.ref_width = longest
            self._strips.clear()
            for header in self.screen.query(QueueHeader):
                header.ref_width = longest
        self.requested.discard(offset)
        if len(self.blocks) > 40:  # keep memory flat while scrolling a million rows
            keep = self.cursor // BLOCK * BLOCK
            for far in sorted(self.blocks, key=lambda o: abs(o - keep))[30:]:
                del self.blocks[far]
        self.refresh()
        if offset <= self.cursor < offset + BLOCK:
            self.post_message(self.CursorMoved(self.cursor, self.row_at(self.cursor)))
            self.call_after_refresh(self.prefetch)  # after the rows on screen are painted

    def row_at(self, index: int) -> QueueRow | None:
        block = self.blocks.get(index // BLOCK * BLOCK)
        if block is None:
            return None
        inner = index % BLOCK
        return block[inner] if inner < len(block) else None

    def _want(self, index: int) -> None:
        offset = index // BLOCK * BLOCK
        if offset not in self.blocks and offset not in self.requested:
            self.requested.add(offset)
            self.post_message(self.NeedRows(offset))

    def prefetch(self) -> None:
        """Ask ahead for the blocks a page, a half page or G/g lands in next: either side of
        the cursor's, the first, and the last once the exact total is known."""
        if not self.total:
            return
        here = self.cursor // BLOCK * BLOCK
        ahead = [here + BLOCK, here - BLOCK, 0]
        if self.exact:
            ahead.append((self.total - 1) // BLOCK * BLOCK)
        for offset in ahead:
            if 0 <= offset < self.total:
                self._want(offset)

    def shows(self, key: str) -> bool:
        """Whether the column `key` fits on screen at the table's width."""
        return any(c.key == key for c, _w in layout(self.size.width, ref_width=self.ref_width))

    def current(self) -> QueueRow | None:
        return self.row_at(self.cursor) if self.total else None

    def selection(self) -> dict[int, int]:
        """{id: version} of the marked cases, or of the one under the cursor."""
        if self.marks:
            return dict(self.marks)
        row = self.current()
        return {row.id: row.version} if row else {}

    def toggle_mark(self, row: QueueRow) -> None:
        if self.marks.pop(row.id, None) is None:
            self.marks[row.id] = row.version
        self.refresh()

    def forget(self, offset: int) -> None:
        """A block fetch failed: let it be asked for again."""
        self.requested.discard(offset)

    def index_of(self, case_id: int) -> int | None:
        """Where a case is among the loaded rows (None when not loaded)."""
        for offset, rows in self.blocks.items():
            for i, row in enumerate(rows):
                if row.id == case_id:
                    return offset + i
        return None

    # drawing --------------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        # the widget's style once per frame, not once per line (it walks the ancestors)
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = round(self.scroll_offset.y) + y
        base = self._base_style or self.rich_style
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(index)
        if row is None:
            self._want(index)
            loading = self.get_component_rich_style("queue-table--loading")
            return Strip([Segment(fit("  …", width), base + loading)], width)
        return self._row_strip(index, row, width, base)

    def _row_strip(self, index: int, row: QueueRow, width: int, base: Style) -> Strip:
        style = base
        marked = row.id in self.marks
        in_range = self.range_anchor is not None and \
            min(self.range_anchor, self.cursor) <= index <= max(self.range_anchor, self.cursor)
        if marked:
            style += self.get_component_rich_style("queue-table--marked")
        if in_range:
            style += self.get_component_rich_style("queue-table--range")
        if index == self.cursor:
            style += self.get_component_rich_style("queue-table--cursor")
        key = (row, width, marked, in_range, index == self.cursor, self.today)
        cached = self._strips.get(key)
        if cached is not None:
            return cached
        # One segment per run of equal style: only the due cell may differ from the row.
        cells: list[str] = ["● " if marked else "  "]
        segments: list[Segment] = []
        columns = layout(width, ref_width=self.ref_width)
        length = 2 + sum(col_width + GAP for _column, col_width in columns)  # fit() is exact
        for column, col_width in columns:
            shown = clean(cell_text(column.key, row, self.today, col_width))
            text = fit(shown, col_width) + " " * GAP
            state = due_text(row, self.today)[1] if column.key == "due" else ""
            if state:
                segments.append(Segment("".join(cells), style))
                cells = []
                # partial: the state's own colour only, over the row's (cursor) background
                due_style = style + self.get_component_rich_style(f"queue-table--{state}",
                                                                  partial=True)
                segments.append(Segment(text, due_style))
            else:
                cells.append(text)
        segments.append(Segment("".join(cells), style))
        strip = Strip(segments, length).adjust_cell_length(width, style)
        if len(self._strips) > 2000:
            self._strips.clear()
        self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        self._strips.clear()  # theme or CSS changed: cached colours are stale
        super().notify_style_update()

    # cursor ---------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        height = self.scrollable_content_region.height or 1
        top = round(self.scroll_offset.y)
        if top <= new < top + height and top <= old < top + height \
                and self.range_anchor is None:  # no scroll, no range: only these rows change
            self.refresh_line(old)
            self.refresh_line(new)
        else:
            if new < top:
                self.scroll_to(y=new, animate=False)
            elif new >= top + height:
                self.scroll_to(y=new - height + 1, animate=False)
            self.refresh()
        self.post_message(self.CursorMoved(new, self.row_at(new)))
        if new // BLOCK != old // BLOCK:
            self.call_after_refresh(self.prefetch)

    def move(self, delta: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, self.cursor + delta))

    def move_to(self, index: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, index))

    @property
    def page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total)

    def on_click(self, event: events.Click) -> None:
        self.move_to(round(self.scroll_offset.y) + event.y)
