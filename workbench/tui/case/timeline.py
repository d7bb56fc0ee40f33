"""Tab 3, 时间线: the case's history, newest first, each entry described in Chinese."""

from __future__ import annotations

from collections.abc import Sequence

from workbench.i18n import N_, _
from workbench.services.names import name_and_login
from workbench.services.views import TimelineLine
from workbench.tui.case.entries import EntryColumn, EntryTable
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record

COLUMNS = (EntryColumn(N_("时间")), EntryColumn(N_("人员")), EntryColumn(N_("事件"), flex=True))


def timeline_record(line: TimelineLine) -> Record:
    """One entry in full, for `v`: when, who (name and login, and the admin acting for
    them), what, why."""
    acting = [(_("代为操作"), line.real_actor)] if line.real_actor else []
    return [(_("时间"), line.at), (_("人员"), name_and_login(line.actor, line.login)),
            *acting, (_("事件"), line.kind_label), (_("内容"), line.text),
            (_("理由"), line.reason)]


class TimelinePane(EntryTable):
    def __init__(self) -> None:
        super().__init__(COLUMNS, N_("还没有记录"), id="case-timeline")

    def show(self, lines: Sequence[TimelineLine]) -> None:
        today = narrow_today(self)
        self.put([[shown(line.at, today), line.actor, line.text] for line in lines],
                 [timeline_record(line) for line in lines])
