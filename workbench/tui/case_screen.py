"""A case, opened from the queue (read-only summary; editing lives in the case file)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.ladder import BODY_LABELS, PRIORITY_LABELS, Body, Priority, stage_label
from workbench.domain.masking import mask_name, mask_phone
from workbench.domain.validators import fen_to_yuan
from workbench.errors import WorkbenchError
from workbench.services.cases import CaseView, case_view, describe_event, local_time
from workbench.store.models import Case
from workbench.tui.text import clean, plain

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


TIMELINE_LIMIT = 200


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "app.pop_screen", "Back to queue", id="case.back"),
        Binding("e", "escalate", "Escalate", id="case.escalate"),
        Binding("u", "undo", "Undo stage", id="case.undo"),
        Binding("B", "bodies", "Bodies holding the dispute", id="case.bodies", show=False),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="case-body"):
            yield Static("…", id="case-fields")
            yield Static(id="case-warning")
            yield Static(id="case-narrative")
            yield Static(id="case-timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        try:
            view = case_view(app.wb, self.case_id, TIMELINE_LIMIT)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, severity="error",
                                      markup=False)
            return
        except Exception as exc:  # the database went away: say so, keep the screen
            self.app.call_from_thread(self.app.notify, f"无法读取案件: {clean(exc)}",
                                      severity="error", markup=False)
            return
        self.app.call_from_thread(self.show, view)

    def reload(self) -> None:
        self.load()

    def action_escalate(self) -> None:
        from workbench.tui.escalate import Escalation

        if self.case is not None and self.case.id is not None:
            app: WorkbenchApp = self.app  # type: ignore[assignment]
            Escalation(app, {self.case.id: self.case.version}, f"案件 {clean(self.case.ref)}",
                       self.reload).start()

    def action_undo(self) -> None:
        from workbench.tui.escalate import undo_last

        if self.case is not None and self.case.id is not None:
            app: WorkbenchApp = self.app  # type: ignore[assignment]
            undo_last(app, self.case.id, self.case.version, clean(self.case.ref), self.reload)

    def action_bodies(self) -> None:
        from workbench.tui.escalate import record_bodies

        if self.case is not None and self.case.id is not None:
            app: WorkbenchApp = self.app  # type: ignore[assignment]
            record_bodies(app, {self.case.id: self.case.version}, f"案件 {clean(self.case.ref)}",
                          list(self.case.held_by), self.reload)

    def show(self, view: CaseView) -> None:
        case, who, provider = view.case, view.complainant, view.provider
        self.case = case
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        categories = "、".join(CATEGORY_LABELS.get(Category(c), c) for c in case.categories
                              if c in Category._value2member_map_)
        priority = PRIORITY_LABELS[Priority(case.priority)] \
            if case.priority in Priority._value2member_map_ else case.priority
        due = f"{case.due_on or '—'}{' (预估)' if case.due_estimated else ''}"
        if case.paused_since:
            due += f"  计时暂停自 {case.paused_since}"
        held = "、".join(BODY_LABELS[Body(b)] for b in case.held_by
                        if b in Body._value2member_map_) if case.bodies_recorded else "未登记"
        rows: list[tuple[str, Text]] = [
            ("编号", plain(case.ref)),
            ("标题", plain(case.title)),
            ("投诉人", plain(f"{mask_name(who.name)}  {mask_phone(who.phone)}")),
            ("商户", plain(who.merchant_name or "—")),
            ("服务商", plain(provider.name)),
            ("终端号", plain(case.terminal_sn or "—")),
            ("类别", plain(categories)),
            ("阶段", plain(stage_label(case.stage))),
            ("优先级", plain(priority)),
            ("期限", plain(due)),
            ("已受理机构", plain(held)),
            ("受理时间", plain(local_time(case.opened_at))),
            ("请求金额", plain(f"¥{fen_to_yuan(case.amount_claimed_fen)}")),
        ]
        for name, value in rows:
            fields.add_row(name, value)
        self.query_one("#case-fields", Static).update(fields)
        narrative = Text("事实与理由\n", style="bold")
        narrative.append_text(plain(case.narrative, one_line=False))
        self.query_one("#case-narrative", Static).update(narrative)
        warning = self.query_one("#case-warning", Static)
        if view.limitation_days is not None:
            left = view.limitation_days
            warning.update(Text(f"⚠ 诉讼时效: 自知道权益受损之日起三年, "
                                f"{'已过期 ' + str(-left) if left < 0 else '还剩 ' + str(left)} 天"
                                f" (民法典第一百八十八条)", style="bold red"))
        else:
            warning.update("")
        timeline = Table(box=None, show_header=True, header_style="bold", title="时间线",
                         title_justify="left", title_style="bold")
        timeline.add_column("时间", no_wrap=True)
        timeline.add_column("人员", no_wrap=True)
        timeline.add_column("事件")
        for event in view.events:
            timeline.add_row(plain(local_time(event.at)), plain(event.actor),
                             plain(describe_event(event.kind, event.payload)))
        self.query_one("#case-timeline", Static).update(timeline)
        self.sub_title = case.ref
