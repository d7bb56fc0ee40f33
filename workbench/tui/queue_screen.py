"""The case queue: a keyboard-driven triage screen over the whole case table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from workbench.domain.query import FilterError, quoted
from workbench.i18n import N_, _
from workbench.services import queue as queue_service
from workbench.services.queue import SORT_KEYS, QueueRow, Scope, View
from workbench.tui import collector
from workbench.tui.approvals import tell_decisions
from workbench.tui.base import failure_text, flow
from workbench.tui.footer import KeyFooter
from workbench.tui.queue_actions import Query, QueueActions
from workbench.tui.queue_table import BLOCK, QueueHeader, QueueTable, cell_text, sort_label
from workbench.tui.text import SafeInput, clean, plain
from workbench.tui.viewbar import view_bar, view_context

POLL_SECONDS = 1.0
VIEW_LABEL = N_("视图「{name}」")


def problem(error: Exception, what: str) -> str:
    """The status-line text for a failed background read; a bug is re-raised."""
    text = failure_text(error, what)
    if text is None:
        raise error
    return text


def _status_line(head: list[str], title: str, tail: list[str], width: int) -> Text:
    """`head · title · tail` within `width`: the title gives way first, then the line is cut
    with …, so the sort and the filter stay in view."""
    fixed = cell_len(" · ".join(head + tail))
    room = width - fixed - 2 * len(" · ") if width else len(title) * 2
    if title and room >= 4:
        cut = Text(title, end="")
        cut.truncate(room, overflow="ellipsis")
        head = [*head, cut.plain]
    status = Text(" · ".join(head + tail), no_wrap=True, overflow="ellipsis", end="")
    if width and status.cell_len > width:
        status.truncate(width, overflow="ellipsis")
    return status


class Line(Widget):
    """A one-line bar that repaints without a layout pass (status, view tabs)."""

    DEFAULT_CSS = "Line { height: 1; }"
    text: reactive[Text] = reactive(Text(), layout=False)

    def render(self) -> Text:
        return self.text


def _view_bindings() -> Iterator[Binding]:
    for n in range(1, 10):
        yield Binding(str(n), f"view_number({n})", "", id=f"queue.view_{n}",  # words: KEY_HELP
                      show=False)


class QueueScreen(QueueActions):
    """Browse, filter, sort, mark and act on cases."""

    # the table, not the first focusable widget (the hidden filter field): otherwise the
    # first frame's footer shows the field's keys (⏎ 完成 Esc 返回)
    AUTO_FOCUS = "QueueTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", N_("下一件"), id="queue.down", show=False),
        Binding("k,up", "cursor(-1)", N_("上一件"), id="queue.up", show=False),
        Binding("g,home", "top", N_("第一件"), id="queue.top", show=False),
        Binding("G,end", "bottom", N_("最后一件"), id="queue.bottom", show=False),
        Binding("ctrl+d,f,pagedown", "half_page(1)", N_("下翻半页"), id="queue.page_down",
                show=False),
        Binding("ctrl+u,b,pageup", "half_page(-1)", N_("上翻半页"), id="queue.page_up",
                show=False),
        Binding("enter,o", "open", N_("打开案件"), id="queue.open"),
        Binding("slash", "filter", N_("筛选（文字或条件）"), id="queue.filter"),
        Binding("space", "toggle_mark", N_("标记 / 取消标记并下移"), id="queue.mark"),
        Binding("V", "range", N_("范围标记：按 V，移动，再按 V"), id="queue.range", show=False),
        Binding("asterisk", "mark_all", N_("标记筛选结果中的全部案件"),
                id="queue.mark_all", show=False),
        Binding("c", "clear_marks", N_("清除标记"), id="queue.clear_marks", show=False),
        Binding("a", "assign", N_("分配标记的案件（或当前案件）"), id="queue.assign"),
        Binding("p", "priority", N_("设置优先级"), id="queue.priority"),
        Binding("e", "escalate", N_("升级：选择阶段"), id="queue.escalate"),
        Binding("n", "new_case", N_("新建案件（受理登记）"), id="queue.new"),
        Binding("x", "export", N_("导出文书（标记的案件或当前案件）"),
                id="queue.export", show=False),
        Binding("u", "undo", N_("撤销当前案件最近一次阶段变更"), id="queue.undo", show=False),
        Binding("B", "bodies", N_("登记已受理该争议的机构"), id="queue.bodies", show=False),
        Binding("I", "import_cases", N_("导入案件（电子表格、12315 导出文件）"),
                id="queue.import", show=False),
        Binding("R", "app.providers", N_("服务商登记（查找、详情、修改、合并）"),
                id="queue.providers", show=False),
        Binding("W", "app.patterns", N_("投诉规律预警（负责人、管理员）"), id="queue.patterns",
                show=False),
        Binding("s", "next_sort", N_("按下一列排序"), id="queue.sort"),
        Binding("S", "reverse_sort", N_("倒转排序"), id="queue.reverse", show=False),
        Binding("left_square_bracket", "view(-1)", N_("上一个视图"), id="queue.prev_view",
                show=False),
        Binding("right_square_bracket", "view(1)", N_("下一个视图"), id="queue.next_view",
                show=False),
        *_view_bindings(),
        Binding("colon", "jump", N_("按编号转到案件"), id="queue.jump"),
        Binding("r", "refresh", N_("立即刷新"), id="queue.refresh", show=False),
        Binding("v", "detail", N_("查看当前行的完整内容（不截断）"), id="queue.detail", show=False),
    ]

    @dataclass
    class Loaded(Message):
        query: Query
        total: int
        offset: int
        rows: list[QueueRow]
        marker: str
        exact: bool

    @dataclass
    class Counted(Message):
        query: Query
        total: int

    @dataclass
    class Block(Message):
        query: Query
        offset: int
        rows: list[QueueRow]

    @dataclass
    class Failed(Message):
        text: str
        filter_error: bool = False
        offset: int | None = None

    @dataclass
    class Counts(Message):
        counts: dict[int, int]

    @dataclass
    class Changed(Message):
        marker: str

    def __init__(self) -> None:
        super().__init__()
        self.views: list[View] = []
        self.view_index = 0
        self.view_counts: dict[int, int] = {}
        self.user_filter = ""
        self.filter_problem = ""  # why the filter typed is not in effect ("" when it is)
        self.loaded_filter = ""  # the filter the rows shown were found with
        self.sort = "due"
        self.descending = False
        self.generation = 0
        self.current_query: Query | None = None
        self.scope: Scope | None = None
        self.marker = ""
        self.problem = ""
        self.gate = queue_service.QueryGate()
        self.count_gate = queue_service.QueryGate()
        self.follow_id: int | None = None
        self.counted = False

    # layout -----------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Line(id="views")
        yield SafeInput(placeholder=_("/ 筛选: stage:mediation cat:跳码 overdue 或任意文字 "
                        "(Enter 完成, Esc 返回)"), id="filter")
        yield Static(id="filter-error")
        yield QueueHeader(id="header")
        yield QueueTable(id="table")
        yield Line(id="status")
        yield KeyFooter()

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def on_mount(self) -> None:
        self.views = queue_service.all_views(self.wbapp.settings.views)
        self.table.today = self.wb.today()
        self.query_one("#filter", Input).display = False
        self.query_one("#filter-error", Static).display = False
        self.table.focus()
        self.start()
        self.set_interval(POLL_SECONDS, self.poll)

    # queries ------------------------------------------------------------------
    def filter_text(self) -> str:
        return queue_service.combine(self.views[self.view_index], self.user_filter)

    def start(self, *, keep_cursor: bool = False, new_scope: bool = False) -> None:
        """Run the current view + filter + sort; results arrive as `Loaded`.

        With `keep_cursor` the cursor stays on the same case if it is still in the rows.
        """
        self.generation += 1
        row = self.table.current() if keep_cursor else None
        self.follow_id = row.id if row else None
        if not keep_cursor:
            self.table.move_to(0)  # keys pressed while the query runs still count
        self.load(self.generation, self.filter_text(), self.sort, self.descending,
                  self.table.cursor if keep_cursor else 0,
                  None if new_scope else self.scope)

    @work(thread=True, exclusive=True, group="query")
    def load(self, generation: int, text: str, sort: str, descending: bool,
             cursor: int, scope: Scope | None) -> None:
        wb = self.wb
        try:
            flt = queue_service.parse(wb, text)
        except FilterError as exc:
            self.post_message(self.Failed(exc.message, filter_error=True))
            return
        try:
            scope = queue_service.scope(wb, scope)
            page = queue_service.load_page(wb, self.gate, flt, scope, sort=sort,
                                           descending=descending, cursor=cursor, limit=BLOCK)
        except queue_service.Superseded:
            return  # a newer keystroke's query took over
        except Exception as exc:  # a broken connection must not kill the screen
            self.post_message(self.Failed(problem(exc, _("数据库错误"))))
            return
        if not get_current_worker().is_cancelled:
            query = Query(generation, flt, sort, descending, scope)
            self.post_message(self.Loaded(query, page.total, page.offset, page.rows,
                                          page.marker, page.exact))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.query.generation != self.generation:
            return
        self.current_query = message.query
        self.loaded_filter = self.user_filter  # each keystroke is a new generation: this one's
        self.scope = message.query.scope
        self.table.today = self.scope.today
        self.problem = ""
        if not self.marker:
            self.marker = message.marker
        self._show_filter_error("")
        header = self.query_one(QueueHeader)
        header.sort, header.descending = message.query.sort, message.query.descending
        self.table.reset(message.total, exact=message.exact)
        self.table.set_block(message.offset, message.rows)
        if not message.exact:
            self.count_exactly(message.query)
        if self.follow_id is not None:  # keep the cursor on the case, not the row number
            index = self.table.index_of(self.follow_id)
            if index is not None:
                self.table.move_to(index)
            self.follow_id = None
        if not self.counted:  # after the first page: counting and approvals must not delay it
            self.counted = True
            self.call_after_refresh(collector.resume)  # once this page is on the screen
            self.count_views()
            self.check_decisions()
        if message.exact and not self.user_filter:
            self.view_counts[self.view_index] = message.total
        self.update_views()
        self.update_status()

    @work(thread=True, exclusive=True, group="count")
    def count_exactly(self, query: Query) -> None:
        try:
            total = queue_service.count(self.wb, query.filter, query.scope, self.count_gate)
        except queue_service.Superseded:
            return  # a newer filter's count took over
        except Exception as exc:
            self.post_message(self.Failed(problem(exc, _("计数失败"))))
            return
        self.post_message(self.Counted(query, total))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        current = self.current_query
        if current is not None and message.query.generation == current.generation:
            self.table.set_total(message.total)
            if not self.user_filter:
                self.view_counts[self.view_index] = message.total
                self.update_views()
            self.update_status()

    @on(QueueTable.NeedRows)
    def _need_rows(self, message: QueueTable.NeedRows) -> None:
        if self.current_query is not None:
            total = self.table.total if self.table.exact else None
            self.fetch_block(self.current_query, message.offset, total)
        else:
            self.table.forget(message.offset)

    @work(thread=True, group="rows")
    def fetch_block(self, query: Query, offset: int, total: int | None) -> None:
        try:
            rows = queue_service.window(self.wb, query.filter, query.scope,
                                        sort=query.sort, descending=query.descending,
                                        offset=offset, limit=BLOCK, total=total)
        except Exception as exc:
            self.post_message(self.Failed(problem(exc, _("无法读取案件")), offset=offset))
            return
        self.post_message(self.Block(query, offset, rows))

    @on(Block)
    def _block(self, message: Block) -> None:
        current = self.current_query
        if current is not None and message.query.generation == current.generation:
            self.table.set_block(message.offset, message.rows)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        collector.resume()  # no first page to wait for
        if message.offset is not None:
            self.table.forget(message.offset)  # asked for again once the database is back
        if message.filter_error:
            self._show_filter_error(message.text)  # the previous results stay
        else:
            self.problem = message.text
            self.update_status()

    def _show_filter_error(self, text: str) -> None:
        """Under the field and in the status line: the rows are still the last good query's."""
        error = self.query_one("#filter-error", Static)
        error.update(plain(text))
        error.display = bool(text)
        if text != self.filter_problem:
            self.filter_problem = text
            self.update_status()

    # live refresh ---------------------------------------------------------------
    @work(thread=True, exclusive=True, group="poll")
    def poll(self) -> None:
        try:
            marker = queue_service.change_marker(self.wb)
        except Exception as exc:
            self.post_message(self.Failed(problem(exc, _("数据库不可用，正在重试"))))
            return
        self.post_message(self.Changed(marker))

    @on(Changed)
    def _changed(self, message: Changed) -> None:
        recovered = bool(self.problem)
        if recovered:
            self.problem = ""
            self.update_status()
        new_day = queue_service.is_stale(self.wb, self.scope)
        if message.marker == self.marker and not recovered and not new_day:
            return
        self.marker = message.marker
        self.start(keep_cursor=True, new_scope=new_day)
        self.count_views()
        self.check_decisions()

    @work(thread=True, exclusive=True, group="counts")
    def count_views(self) -> None:
        wb = self.wb
        counts: dict[int, int] = {}
        try:
            where = queue_service.scope(wb)
            for index, view in enumerate(self.views):
                try:
                    flt = queue_service.parse(wb, view.filter)
                except FilterError:
                    continue  # a saved view with a mistake: shown without a count
                counts[index] = queue_service.count(wb, flt, where)
        except Exception as exc:
            self.post_message(self.Failed(problem(exc, _("视图计数失败"))))
        self.post_message(self.Counts(counts))

    @on(Counts)
    def _counts(self, message: Counts) -> None:
        self.view_counts.update(message.counts)
        self.update_views()

    # display ------------------------------------------------------------------
    def update_views(self) -> None:
        """The view bar: every view named, short names on a narrow screen."""
        bar = self.query_one("#views", Line)
        # a filter kept across views is said there, cut to the width the views leave
        bar.text = view_bar(self.views, self.view_counts, self.view_index, bar.size.width,
                            clean(self.user_filter))

    def on_resize(self) -> None:  # both bars are fitted to the width: redo them at the new one
        self.update_views()
        self.update_status()

    def update_status(self) -> None:
        table = self.table
        row = table.current()
        shown = f"{table.total:,}" if table.exact else f"{table.total - 1:,}+"
        parts = [f"{table.cursor + 1 if table.total else 0:,}/{shown}"]
        title = ""
        if row is not None:
            parts.append(clean(row.ref))
            if not table.shows("category"):  # a narrow queue drops the column: said here
                parts.append(clean(cell_text("category", row, table.today)))
            title = clean(row.title)[:40]
        tail = []
        if table.marks:
            tail.append(_("已标记 {count:,}").format(count=len(table.marks)))
        if table.range_anchor is not None:
            tail.append(_("范围标记中：移动后再按 V"))
        tail.append(_("排序 {sort}{value}").format(
                    sort=sort_label(self.sort), value='↓' if self.descending else '↑'))
        if self.user_filter:  # quoted short, like the view bar's: never a bare label
            tail.append(_("筛选：{user_filter}").format(
                user_filter=quoted(clean(self.user_filter))))
        status = _status_line(parts, title, tail, self.query_one("#status", Line).size.width)
        if self.problem:
            status = Text(f"⚠ {clean(self.problem)}", style="bold red", no_wrap=True, end="")
        elif self.filter_problem:  # what is wrong first: the line is cut at its end
            status = Text(_("⚠ 筛选未生效：{problem}").format(problem=clean(self.filter_problem)),
                          style="bold red", no_wrap=True, overflow="ellipsis", end="")
        self.query_one("#status", Line).text = status
        if self.current_query is not None:  # the header: the view and its count
            self.sub_title = view_context(self.views[self.view_index], table.total,
                                          table.exact, bool(self.loaded_filter))

    @on(QueueTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self.update_status()

    # actions: movement -----------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self.table.move(delta)

    def action_top(self) -> None:
        self.table.move_to(0)

    def action_bottom(self) -> None:
        self.table.move_to(self.table.total - 1)

    def action_half_page(self, direction: int) -> None:
        self.table.move(direction * max(1, self.table.page // 2))

    # actions: filter, sort, views -------------------------------------------------
    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.display = True
        self.set_focus(field)  # now, not after the keys already typed: they filter

    def show_filter(self, text: str) -> None:
        """Filter the queue by `text`, shown in the filter field (the provider screen's
        "list its cases")."""
        field = self.query_one("#filter", Input)
        field.display = True
        field.value = text  # Input.Changed runs the query
        self.table.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.user_filter = event.value
        self.update_views()
        self.start()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self._leave_filter()

    def _leave_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if not field.value:
            field.display = False
        self.table.focus()

    def key_escape(self) -> None:
        """One level back: out of the filter field, then the range, then the filter."""
        field = self.query_one("#filter", Input)
        if self.focused is field:
            self._leave_filter()
        elif self.table.range_anchor is not None:
            self.table.range_anchor = None
            self.table.refresh()
            self.update_status()
        elif self.user_filter:
            field.value = ""  # Input.Changed runs the query again
            field.display = False

    def action_next_sort(self) -> None:
        keys = list(SORT_KEYS)
        self.set_sort(keys[(keys.index(self.sort) + 1) % len(keys)], self.descending)

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort, not self.descending)

    def set_sort(self, key: str, descending: bool) -> None:
        self.sort, self.descending = key, descending
        self.start()

    @on(QueueHeader.SortClicked)
    def _header_clicked(self, message: QueueHeader.SortClicked) -> None:
        same = message.key == self.sort
        self.set_sort(message.key, not self.descending if same else False)

    def action_view(self, step: int) -> None:
        self.select_view((self.view_index + step) % len(self.views))

    def action_view_number(self, number: int) -> None:
        if number <= len(self.views):
            self.select_view(number - 1)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A number key with no view behind it is not a key (not in help or footer)."""
        if action == "view_number" and parameters:
            return int(str(parameters[0])) <= len(self.views)
        return True

    def binding_label(self, binding_id: str) -> str | None:
        """The help's words for a view key: the view's name."""
        if binding_id.startswith("queue.view_"):
            number = int(binding_id.removeprefix("queue.view_"))
            if number <= len(self.views):
                return _(VIEW_LABEL).format(name=clean(self.views[number - 1].title))
        return None

    def select_view(self, index: int) -> None:
        self.view_index = index
        self.update_views()
        self.start()

    def action_refresh(self) -> None:
        self.start(keep_cursor=True, new_scope=True)
        self.count_views()
        self.check_decisions()

    @flow(group="decisions", exclusive=True)
    async def check_decisions(self) -> None:
        """Tell the caseworker of approvals decided on their requests (tui/approvals)."""
        await tell_decisions(self)
