"""Tab 1, 概况: the case's fields (personal data masked), the limitation warning and the
narrative."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from workbench.i18n import _, pgettext
from workbench.services.case_view import CaseView
from workbench.tui.case.pane import TextPane
from workbench.tui.text import plain


class OverviewPane(TextPane):
    def __init__(self) -> None:
        super().__init__(id="case-body")

    def compose(self) -> ComposeResult:
        yield Static(id="case-decision")
        yield Static("…", id="case-fields")
        yield Static(id="case-warning")
        yield Static(id="case-scope")
        yield Static(id="case-narrative")

    def show(self, view: CaseView, revealed: Mapping[str, str]) -> None:
        """Show `view`; `revealed` holds the personal-data fields the caseworker unmasked."""
        case, who = view.case, view.complainant
        fields = Table.grid(padding=(0, 2))
        fields.add_column(style="bold", no_wrap=True)
        fields.add_column()
        rows: list[tuple[str, str]] = [
            (_("编号"), case.ref),
            (pgettext("label", "标题"), case.title),
            (_("投诉人"), f"{who.name} ({who.kind_label})"),
        ]
        for line in who.personal:
            rows.append((line.label, revealed.get(line.field) or line.value or "—"))
        rows += [
            (_("商户"), who.merchant or "—"),
            (_("服务商"), view.provider),
            (_("终端号"), case.terminal_sn or "—"),
            (_("类别"), case.categories),
            (pgettext("label", "争议性质"), case.scope_label),
            (_("认定理由"), case.scope_reason or "—"),
            (_("经办人"), case.assignee or _("未分配")),
            (_("状态"), case.status_label),
            (pgettext("label", "阶段"), case.stage_label),
            (_("受理决定"), case.decision_text),
            (_("优先级"), case.priority_label),
            (_("期限"), f"{case.due}  {case.due_left}".rstrip()),
            (_("已受理机构"), case.held_by_label),
            (_("受理时间"), case.opened_at),
            (_("请求金额"), case.amount_claimed),
            (_("版本"), case.updated),
        ]
        for name, value in rows:
            overdue = name == _("期限") and case.overdue
            fields.add_row(name, plain(value, "bold red" if overdue else ""))
        for i, (text, amount) in enumerate(case.demands, start=1):
            fields.add_row(_("请求 {i}").format(i=i), plain(f"{text}  {amount}".rstrip()))
        self.query_one("#case-fields", Static).update(fields)
        banner = self.query_one("#case-decision", Static)
        if case.stage == "intake" and case.decision in ("pending", "material_requested"):
            # the decision comes first: nothing else happens to a case until it is made
            banner.update(plain(_("▶ 受理决定：{decision_text} — "
                                  "按 d 作出受理决定（受理 / 通知补正 / 不予受理）").format(
                                decision_text=case.decision_text), "bold yellow", one_line=False))
        else:
            banner.update("")
        narrative = Text(_("事实与理由\n"), style="bold")
        narrative.append_text(plain(case.narrative, one_line=False))
        self.query_one("#case-narrative", Static).update(narrative)
        self.query_one("#case-scope", Static).update(
            plain("⚠ " + case.scope_warning, "yellow", one_line=False)
            if case.scope_warning else "")
        warning = self.query_one("#case-warning", Static)
        if view.limitation:
            # red inside the warning window (or once expired), plain otherwise
            urgent = view.limitation_days is not None
            warning.update(plain(("⚠ " if urgent else "") + view.limitation,
                                 "bold red" if urgent else "", one_line=False))
        else:
            warning.update("")
