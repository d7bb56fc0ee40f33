"""What the queue does to cases: marks, open and jump, bulk actions (assign, priority,
escalate, bodies, export, undo) and the palette's commands.

`QueueScreen` (queue_screen.py) adds the queries, the display and the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.binding import Binding

from workbench.domain.ladder import Priority, Stage
from workbench.domain.query import Filter
from workbench.i18n import _
from workbench.services import queue as queue_service
from workbench.services.bulk import BulkResult
from workbench.services.queue import SORT_KEYS, Scope, View
from workbench.tui import feedback
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.detail import DetailDialog
from workbench.tui.dialogs import ConfirmDialog, PickDialog
from workbench.tui.escalate import StagePicker, escalate, record_bodies, stage_picker, undo_last
from workbench.tui.jump import JumpToCase
from workbench.tui.keymap import key_name
from workbench.tui.queue_table import row_record
from workbench.tui.text import clean

if TYPE_CHECKING:
    from workbench.tui.queue_table import QueueTable

BulkAction = Callable[[dict[int, int]], BulkResult]


@dataclass(frozen=True, slots=True)
class Query:
    """One run of the queue: what was asked, so late answers to older runs are dropped."""

    generation: int
    filter: Filter
    sort: str
    descending: bool
    scope: Scope


class QueueActions(JumpToCase, WorkbenchScreen[None]):
    """The case-work half of the queue screen."""

    views: list[View]
    current_query: Query | None

    if TYPE_CHECKING:
        @property
        def table(self) -> QueueTable: ...

        def start(self, *, keep_cursor: bool = False, new_scope: bool = False) -> None: ...

        def update_status(self) -> None: ...

        def select_view(self, index: int) -> None: ...

        def set_sort(self, key: str, descending: bool) -> None: ...

    # marks -----------------------------------------------------------------------
    def action_toggle_mark(self) -> None:
        table = self.table
        row = table.current()
        if row is None:
            return
        table.toggle_mark(row)
        table.move(1)
        self.update_status()

    def action_range(self) -> None:
        table = self.table
        if table.range_anchor is None:
            table.range_anchor = table.cursor
        else:
            low, high = sorted((table.range_anchor, table.cursor))
            table.range_anchor = None
            if self.current_query is not None:
                self.mark_range(self.current_query, low, high)
        table.refresh()
        self.update_status()

    @flow(group="marks")
    async def mark_range(self, query: Query, low: int, high: int) -> None:
        rows = await self.run_service(
            queue_service.window, self.wb, query.filter, query.scope, sort=query.sort,
            descending=query.descending, offset=low, limit=high - low + 1, total=None)
        self._add_marks({r.id: r.version for r in rows})

    def _add_marks(self, marks: dict[int, int]) -> None:
        self.table.marks.update(marks)
        self.table.refresh()
        self.update_status()

    @flow(group="marks")
    async def action_mark_all(self) -> None:
        query = self.current_query
        if query is not None:
            self._add_marks(await self.run_service(queue_service.ids, self.wb, query.filter,
                                                   query.scope))

    def action_clear_marks(self) -> None:
        self.table.marks.clear()
        self.table.range_anchor = None
        self.table.refresh()
        self.update_status()

    # open and jump -------------------------------------------------------------------
    def action_open(self) -> None:
        row = self.table.current()
        if row is not None:
            self.wbapp.open_case(row.id)

    def action_detail(self) -> None:
        """`v`: the current row in full, every column untruncated."""
        row = self.table.current()
        if row is not None:
            self.app.push_screen(DetailDialog(_("案件 {ref}").format(ref=clean(row.ref)),
                                              [row_record(row, self.table.today)]))

    # bulk actions --------------------------------------------------------------------
    def _what(self, selection: dict[int, int]) -> str:
        """The cases an action applies to, in words: a count, or the one ref."""
        if len(selection) == 1:
            row = self.table.current()
            if row is not None and row.id in selection:
                return _("案件 {ref}").format(ref=clean(row.ref))
        hidden = len(set(selection) - self._visible_ids())
        extra = _("（其中 {hidden:,} 件不在当前视图中）").format(
                hidden=hidden) if hidden and self.table.marks else ""
        return _("{count:,} 件案件{extra}").format(count=len(selection), extra=extra)

    def _visible_ids(self) -> set[int]:
        return {row.id for rows in self.table.blocks.values() for row in rows}

    async def _confirm_then(self, question: str, selection: dict[int, int],
                            run: BulkAction, headline: Callable[[int], str]) -> None:
        # one case: the picker already named it; one keystroke per routine step
        if len(selection) > 1 and not await self.app.push_screen_wait(ConfirmDialog(question)):
            return
        result = await self.run_service(run, selection)
        self.app.notify(feedback.bulk(result, headline), severity="warning" if result.refused
                        else "information", markup=False, timeout=8)
        # what succeeded is unmarked; what was refused stays marked for another try
        refused = set(result.refused_ids)
        for case_id in list(self.table.marks):
            if case_id not in refused:
                del self.table.marks[case_id]
        self.start(keep_cursor=True)

    def action_assign(self) -> None:
        selection = self.table.selection()
        if not selection:
            return
        wb, what = self.wb, self._what(selection)
        people: list[tuple[str, str]] = []

        def options() -> list[tuple[str, str]]:  # read once the picker is up
            people.extend(queue_service.caseworkers(wb))
            return [("", _("（不分配）")), *[(login, f"{name}  {login}") for login, name in people]]

        self.open_dialog(PickDialog(_("分配给谁？{what}").format(what=what), [], load=options),
                         lambda login: self._assign(selection, what, dict(people), login))

    async def _assign(self, selection: dict[int, int], what: str, people: dict[str, str],
                      login: str | None) -> None:
        if login is None:
            return
        wb, name = self.wb, people.get(login) or login
        await self._confirm_then(_("{what}分配给{value}？").format(
                                 what=what, value=name or _("无人")), selection,
                                 lambda chosen: queue_service.bulk_assign(wb, chosen,
                                                                          login or None),
                                 feedback.assigned(name or None))

    @flow()
    async def action_priority(self) -> None:
        selection = self.table.selection()
        if not selection:
            return
        what = self._what(selection)
        value = await self.app.push_screen_wait(PickDialog(
            _("设置 {what} 的优先级").format(what=what), [(p.value, p.label) for p in Priority]))
        if value is None:
            return
        priority, wb = Priority(value), self.wb
        await self._confirm_then(_("将 {what} 的优先级设为 {label}？").format(
                                 what=what, label=priority.label), selection,
                                 lambda chosen: queue_service.bulk_priority(wb, chosen,
                                                                            priority),
                                 feedback.priority_set(priority.label))

    def action_export(self) -> None:
        selection = self.table.selection()
        if not selection:
            return
        row = self.table.current()
        stage = row.stage if len(selection) == 1 and row is not None else None
        # here, not at the top: the filings code (python-docx, lxml) is half the queue's
        # start-up imports, and the first page does not need it
        from workbench.tui.export import export_picker

        ids = sorted(selection)
        self.open_dialog(export_picker(ids, stage),
                         lambda kind: self._export(ids, kind))

    async def _export(self, case_ids: list[int], kind: str | None) -> None:
        from workbench.tui.export import export

        await export(self, case_ids, kind)

    def action_new_case(self) -> None:
        self.wbapp.new_case(lambda case_id: self.start(keep_cursor=True))

    def action_import_cases(self) -> None:
        from workbench.tui.import_screen import ImportScreen

        def closed(created: bool | None) -> None:
            if created:
                self.start(keep_cursor=True)

        self.app.push_screen(ImportScreen(), closed)

    def action_escalate(self) -> None:
        selection = self.table.selection()
        if selection:
            label = self._what(selection)
            picker = stage_picker(selection, label)
            self.open_dialog(picker, lambda stage: self._escalate(selection, label, picker,
                                                                  stage))

    async def _escalate(self, selection: dict[int, int], label: str, picker: StagePicker,
                        stage: Stage | None) -> None:
        if await escalate(self, selection, label, picker, stage):
            for case_id in selection:
                self.table.marks.pop(case_id, None)
            self.start(keep_cursor=True)

    @flow()
    async def action_bodies(self) -> None:
        selection = self.table.selection()
        if selection and await record_bodies(self, selection, self._what(selection), []):
            self.start(keep_cursor=True)

    @flow()
    async def action_undo(self) -> None:
        row = self.table.current()
        if row is not None and await undo_last(self, row.id, row.version, clean(row.ref)):
            self.start(keep_cursor=True)

    # command palette ----------------------------------------------------------------
    def key_shown(self, binding: Binding) -> str:
        """A binding's first key as the footer and the help show it."""
        first = replace(binding, key=binding.key.split(",")[0])
        return key_name(first.key, self.app.get_key_display(first))

    def palette_commands(self) -> Iterator[tuple[str, str, object]]:
        """(title, help, callback) for every queue action and view."""
        for index, view in enumerate(self.views):
            yield (_("视图：{name}").format(name=view.title), view.filter or _("全部案件"),
                   lambda i=index: self.select_view(i))
        for key in SORT_KEYS:
            yield (_("排序：{key}").format(key=key), _("升序"),
                   lambda k=key: self.set_sort(k, False))
            yield (_("排序：{key}（倒序）").format(key=key), _("降序"),
                   lambda k=key: self.set_sort(k, True))
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id and not binding.id.startswith(
                    "queue.view_"):
                yield (_(binding.description),
                       _("按键 {key}").format(key=self.key_shown(binding)),
                       lambda b=binding: self.run_action(b.action))
