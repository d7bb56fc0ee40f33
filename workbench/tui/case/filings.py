"""Tab 5, 文书: the filings exported for the case."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from workbench.services.views import FilingLine
from workbench.tui.case.pane import StaticPane
from workbench.tui.detail import Record
from workbench.tui.text import plain

COLUMNS = ("时间", "文号", "种类", "阶段", "文件", "sha256", "导出人")


def filing_cells(f: FilingLine, *, full: bool = False) -> list[str]:
    """A filing's cells in COLUMNS order; `full`: the whole sha256 (for `v`)."""
    number = "草稿" if f.draft else f.doc_no or "—"  # "—": not the association's paper
    return [f.at, number, f.kind, f.stage, f.file_name, f.sha256 if full else f.sha256[:12],
            f.created_by]


def filing_records(rows: Sequence[FilingLine]) -> list[Record]:
    """Every filing in full, for `v`."""
    return [list(zip(COLUMNS, filing_cells(f, full=True), strict=True)) for f in rows]


def filings_renderable(rows: Sequence[FilingLine]) -> Table | Text:
    if not rows:
        return plain("尚无文书: 按 x 导出")
    table = Table(box=None, show_header=True, header_style="bold")
    for title in COLUMNS:
        table.add_column(title)
    for f in rows:
        table.add_row(*(plain(cell) for cell in filing_cells(f)))
    return table


class FilingsPane(StaticPane):
    def __init__(self) -> None:
        super().__init__("case-filings")

    def show(self, rows: Sequence[FilingLine]) -> None:
        self.put(filings_renderable(rows))
