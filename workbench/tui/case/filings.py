"""Tab 5, 文书: the filings exported for the case."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from workbench.i18n import _, pgettext
from workbench.services.views import FilingLine
from workbench.tui.case.pane import StaticPane
from workbench.tui.text import plain


def filings_renderable(rows: Sequence[FilingLine]) -> Table | Text:
    if not rows:
        return plain(_("尚无文书: 按 x 导出"))
    table = Table(box=None, show_header=True, header_style="bold")
    for title in (_("时间"), _("文号"), _("种类"), pgettext("label", "阶段"), _("文件"), "sha256",
                  _("导出人")):
        table.add_column(title)
    for f in rows:
        number = _("草稿") if f.draft else f.doc_no or "—"  # "—": not the association's paper
        table.add_row(plain(f.at), plain(number), plain(f.kind), plain(f.stage),
                      plain(f.file_name), plain(f.sha256[:12]), plain(f.created_by))
    return table


class FilingsPane(StaticPane):
    def __init__(self) -> None:
        super().__init__("case-filings")

    def show(self, rows: Sequence[FilingLine]) -> None:
        self.put(filings_renderable(rows))
