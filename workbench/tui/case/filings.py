"""Tab 5, 文书: the filings exported for the case."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.table import Table
from rich.text import Text

from workbench.i18n import N_, _
from workbench.services.views import FilingLine
from workbench.tui.case.pane import StaticPane
from workbench.tui.dates import narrow_today, shown
from workbench.tui.detail import Record
from workbench.tui.text import plain

COLUMNS = (N_("时间"), N_("文号"), N_("种类"), N_("阶段"), N_("文件"), "sha256", N_("导出人"))


def filing_cells(f: FilingLine, *, full: bool = False) -> list[str]:
    """A filing's cells in COLUMNS order; `full`: the whole sha256 (for `v`)."""
    number = _("草稿") if f.draft else f.doc_no or "—"  # "—": not the association's paper
    return [f.at, number, f.kind, f.stage, f.file_name, f.sha256 if full else f.sha256[:12],
            f.created_by]


def filing_records(rows: Sequence[FilingLine]) -> list[Record]:
    """Every filing in full, for `v`."""
    return [list(zip([_(c) for c in COLUMNS], filing_cells(f, full=True), strict=True))
            for f in rows]


def filings_renderable(rows: Sequence[FilingLine], today: date | None = None) -> Table | Text:
    if not rows:
        return plain(_("尚无文书：按 x 导出"))
    table = Table(box=None, show_header=True, header_style="bold")
    for title in COLUMNS:
        table.add_column(_(title))
    for f in rows:
        cells = filing_cells(f)
        cells[0] = shown(cells[0], today)
        table.add_row(*(plain(cell) for cell in cells))
    return table


class FilingsPane(StaticPane):
    def __init__(self) -> None:
        super().__init__("case-filings")

    def show(self, rows: Sequence[FilingLine]) -> None:
        self.put(filings_renderable(rows, narrow_today(self)))
