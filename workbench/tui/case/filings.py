"""Tab 5, 文书: the filings exported for the case (the list shows the file's name, `v` its
whole path)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from workbench.i18n import N_, _
from workbench.services.views import FilingLine
from workbench.tui.case.entries import EntryColumn, EntryTable
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record

COLUMNS = (EntryColumn(N_("时间")), EntryColumn(N_("文号")), EntryColumn(N_("种类"), flex=True),
           EntryColumn(N_("阶段")), EntryColumn(N_("文件"), flex=True),
           EntryColumn(N_("导出人")))


def _number(f: FilingLine) -> str:
    return _("草稿") if f.draft else f.doc_no or "—"  # "—": not the association's paper


def filing_record(f: FilingLine) -> Record:
    """One filing in full, for `v`."""
    return [(_("种类"), f.kind), (_("文号"), _number(f)), (_("时间"), f.at),
            (_("主送"), f.addressee), (_("阶段"), f.stage), (_("文件"), f.file_name),
            ("sha256", f.sha256), (_("导出人"), f.created_by)]


class FilingsPane(EntryTable):
    def __init__(self) -> None:
        super().__init__(COLUMNS, N_("尚无文书：按 x 导出"), id="case-filings")

    def show(self, rows: Sequence[FilingLine]) -> None:
        today = narrow_today(self)
        self.put([[shown(f.at, today), _number(f), f.kind, f.stage, PurePath(f.file_name).name,
                   f.created_by] for f in rows], [filing_record(f) for f in rows])
