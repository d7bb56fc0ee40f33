"""The 草稿 watermark of a draft filing: a large light-grey word behind the text of every
page, a text box anchored in the page header of every section.

A DrawingML text box rather than Word's VML WordArt: LibreOffice draws WordArt as curves,
so a PDF of the draft would not say 草稿 to a search or a screen reader. Word turns the
box diagonally; LibreOffice 7.4 ignores a text box's rotation and prints it level.
"""

from __future__ import annotations

import itertools
import typing
from xml.sax.saxutils import escape, quoteattr

from docx.oxml import parse_xml

if typing.TYPE_CHECKING:
    from docx.document import Document
    from docx.section import _Header

DRAFT_MARK = "草稿"
EMU_PER_PT = 12700
WIDTH_PT, HEIGHT_PT, SIZE_PT = 440, 220, 144
DIAGONAL = 315 * 60000  # DrawingML angles are in 1/60000 degree

_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def add_watermark(document: Document, text: str = DRAFT_MARK, *, font: str = "SimHei",
                  color: str = "D9D9D9") -> None:
    """Put `text`, large and light grey, behind every page of every section: the header
    of each section that has its own (first-page and even-page headers included when the
    document uses them)."""
    shape_ids = itertools.count(9001)
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        for header in headers:
            if index and header.is_linked_to_previous:
                continue  # it shows the previous section's header, watermark included
            _mark(header, text, font, color, next(shape_ids))


def _mark(header: _Header, text: str, font: str, color: str, shape_id: int) -> None:
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    cx, cy = WIDTH_PT * EMU_PER_PT, HEIGHT_PT * EMU_PER_PT
    name = quoteattr(font)
    paragraph._p.append(parse_xml(
        f'<w:r {_NS}><w:rPr><w:noProof/></w:rPr><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251659264 + shape_id}" behindDoc="1" locked="1" layoutInCell="1" '
        f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="margin"><wp:align>center</wp:align></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{shape_id}" name="DraftWatermark{shape_id}"/>'
        f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData '
        f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm rot="{DIAGONAL}"><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f'</wps:spPr><wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r><w:rPr><w:rFonts w:ascii={name} w:hAnsi={name} w:eastAsia={name} '
        f'w:cs={name}/><w:color w:val="{color}"/><w:sz w:val="{2 * SIZE_PT}"/></w:rPr>'
        f'<w:t>{escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        f'anchor="ctr"><a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic>'
        f'</wp:anchor></w:drawing></w:r>'))
