"""A fixed-layout table across the type area: the header row repeated on every page, no
row split over two pages, the column widths in proportion (the evidence list, the
binder's index)."""

from __future__ import annotations

import typing
from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from workbench.filings.ooxml import AFTER_TBLBORDERS, cell_margins, table_borders
from workbench.filings.text import clean_xml

if typing.TYPE_CHECKING:
    from workbench.filings.layout import Writer


def fixed_table(w: Writer, columns: Sequence[tuple[str, float, bool]],
                rows: Sequence[Sequence[str]]) -> None:
    """`columns`: (header, relative width, centred); `rows`: the cells' text."""
    table = w.doc.add_table(rows=len(rows) + 1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the column widths below hold
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is not None:
        tbl_w.set(qn("w:type"), "dxa")
        tbl_w.set(qn("w:w"), str(round(w.style.text_width_pt * 20)))
    table._tbl.tblPr.insert_element_before(table_borders(), *AFTER_TBLBORDERS)
    table._tbl.tblPr.insert_element_before(cell_margins(), *AFTER_TBLBORDERS[2:])
    total = sum(share for _, share, _ in columns)
    widths = [Pt(w.style.text_width_pt * share / total) for _, share, _ in columns]
    centred = [c for _, _, c in columns]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    s, f = w.style, w.style.fonts
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))  # repeats on every page
            texts: Sequence[str] = [name for name, _, _ in columns]
            font, pstyle = f.table_header, w.cell_head_style
        else:
            texts, font, pstyle = rows[r - 1], f.table, w.cell_style
        for cell, width, text, centre in zip(row.cells, widths, texts, centred,
                                             strict=True):
            cell.width = width
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph._p.style = pstyle.style_id
            if centre:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            clean = clean_xml(text).strip()
            if clean:
                w.run(paragraph, clean, font, s.sizes.table_pt)

