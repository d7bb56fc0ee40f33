"""WordprocessingML the filings write by hand (python-docx has no API for them): frames
placed on the page, paragraph rules, and the schema order their elements must keep."""

from __future__ import annotations

import typing

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# Schema order of the children that must follow w:pBdr in w:pPr, w:tblBorders in w:tblPr
# (Word refuses a file whose elements are out of order).
AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
              "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
              "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
              "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_FRAMEPR = ("w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", *AFTER_PBDR)
AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                    "w:tblDescription", "w:tblPrChange")

MM_PER_PT = 25.4 / 72


def twips_mm(mm: float) -> int:
    return round(mm / MM_PER_PT * 20)


def pt_eighths(mm: float) -> int:
    """A rule's thickness in w:sz units (eighths of a point): 0.35 mm → 8, 0.25 mm → 6."""
    return max(2, round(mm / MM_PER_PT * 8))


def frame(width_mm: float, *, y: str, h_anchor: str = "page") -> typing.Any:
    """A w:framePr placing a paragraph absolutely (text flows above and below it):
    `width_mm` wide, centred on the page (or the type area), at `y` (w:y or w:yAlign
    with its w:vAnchor)."""
    return parse_xml(f'<w:framePr {nsdecls("w")} w:w="{twips_mm(width_mm)}" '
                     f'w:wrap="notBeside" w:hAnchor="{h_anchor}" w:xAlign="center" {y}/>')


def put_frame(ppr: typing.Any, frame: typing.Any) -> None:
    """Insert a w:framePr where the schema wants it (after pStyle … pageBreakBefore)."""
    ppr.insert_element_before(frame, *AFTER_FRAMEPR)


def edge(side: str, kind: str, size: int, color: str, space_pt: float = 0) -> str:
    return (f'<w:{side} w:val="{kind}" w:sz="{size}" w:space="{min(round(space_pt), 31)}" '
            f'w:color="{color}"/>')


def rule(side: str, kind: str, size: int, color: str, space_pt: float = 0) -> typing.Any:
    return parse_xml(f'<w:pBdr {nsdecls("w")}>{edge(side, kind, size, color, space_pt)}'
                     '</w:pBdr>')


def table_borders() -> typing.Any:
    """Single black rules around and inside a table."""
    edges = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')


def cell_margins() -> typing.Any:
    """Cell padding of 4 pt left and right."""
    return parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="80" w:type="dxa"/>'
                     '<w:right w:w="80" w:type="dxa"/></w:tblCellMar>')



WORD_JOINER = "\u2060"


def no_break_hyphens(paragraph: typing.Any) -> None:
    """Every "-" of the paragraph held to its neighbours by word joiners (U+2060): a
    phone number such as 010-12315000 never splits over two lines. (LibreOffice breaks
    after a w:noBreakHyphen and after U+2011 in Chinese text; it keeps a joined one.)"""
    from docx.oxml.ns import qn

    for text in paragraph._p.iter(qn("w:t")):
        if text.text and "-" in text.text:
            joined = f"{WORD_JOINER}-{WORD_JOINER}"
            text.text = text.text.replace(joined, "-").replace("-", joined)
