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
from workbench.domain.ladder import PRIORITY_LABELS, Priority, stage_label
from workbench.domain.masking import mask_name, mask_phone
from workbench.domain.validators import fen_to_yuan
from workbench.errors import WorkbenchError
from workbench.services.cases import local_time
from workbench.services.context import Workbench
from workbench.store.models import Case, Complainant, Provider
from workbench.tui.text import clean, plain

if TYPE_CHECKING:
    from workbench.tui.app import WorkbenchApp


def load_case(wb: Workbench, case_id: int) -> tuple[Case, Complainant, Provider]:
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise WorkbenchError(f"案件 #{case_id} 不存在.")
        complainant = session.get(Complainant, case.complainant_id)
        provider = session.get(Provider, case.provider_id)
        assert complainant is not None and provider is not None
        return case, complainant, provider


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "app.pop_screen", "Back to queue", id="case.back"),
        Binding("e", "escalate", "Escalate", id="case.escalate"),
        Binding("u", "undo", "Undo stage", id="case.undo"),
    ]

    def __init__(self, case_id: int) -> None:
        super().__init__()
        self.case_id = case_id
        self.case: Case | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="case-body"):
            yield Static("…", id="case-fields")
            yield Static(id="case-narrative")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        app: WorkbenchApp = self.app  # type: ignore[assignment]
        try:
            loaded = load_case(app.wb, self.case_id)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, exc.message, severity="error",
                                      markup=False)
            return
        self.app.call_from_thread(self.show, *loaded)

    def action_escalate(self) -> None:
        from workbench.tui.escalate import Escalation

        if self.case is not None and self.case.id is not None:
            app: WorkbenchApp = self.app  # type: ignore[assignment]
            Escalation(app, {self.case.id: self.case.version}, f"案件 {clean(self.case.ref)}",
                       self.load).start()

    def action_undo(self) -> None:
        from workbench.tui.escalate import undo_last

        if self.case is not None and self.case.id is not None:
            app: WorkbenchApp = self.app  # type: ignore[assignment]
            undo_last(app, self.case.id, self.case.version, clean(self.case.ref), self.load)

    def show(self, case: Case, who: Complainant, provider: Provider) -> None:
        self.case = case
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        categories = "、".join(CATEGORY_LABELS.get(Category(c), c) for c in case.categories
                              if c in Category._value2member_map_)
        rows: list[tuple[str, Text]] = [
            ("编号", plain(case.ref)),
            ("标题", plain(case.title)),
            ("投诉人", plain(f"{mask_name(who.name)}  {mask_phone(who.phone)}")),
            ("商户", plain(who.merchant_name or "—")),
            ("服务商", plain(provider.name)),
            ("终端号", plain(case.terminal_sn or "—")),
            ("类别", plain(categories)),
            ("阶段", plain(stage_label(case.stage))),
            ("优先级", plain(PRIORITY_LABELS.get(Priority(case.priority), case.priority))),
            ("期限", plain(f"{case.due_on or '—'}{' (预估)' if case.due_estimated else ''}")),
            ("受理时间", plain(local_time(case.opened_at))),
            ("请求金额", plain(f"¥{fen_to_yuan(case.amount_claimed_fen)}")),
        ]
        for name, value in rows:
            fields.add_row(name, value)
        self.query_one("#case-fields", Static).update(fields)
        narrative = Text("事实与理由\n", style="bold")
        narrative.append_text(plain(case.narrative, one_line=False))
        self.query_one("#case-narrative", Static).update(narrative)
        self.sub_title = case.ref
