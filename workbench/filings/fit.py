"""A one-page paper kept on one page (GB/T 9704-2012 §7.3.5.5: where the space left cannot
hold the signature and the date, the line spacing may be adjusted).

python-docx cannot measure a page, so the lines are estimated from the text — a Chinese
character or full-width mark is one em, any other character about half — and when the
estimate reaches the page, the paragraphs after the title take a tighter exact pitch,
never below single spacing (:data:`SINGLE` times the body size).
"""

from __future__ import annotations

import math
import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from workbench.filings.style import HouseStyle

# The 信函格式 first page above the addressee line: the masthead frame, the 文号, the gap
# and the title take 6 of the grid's lines (measured with LibreOffice; tests/test_notices).
LETTER_HEAD_LINES = 6
SINGLE = 1.3  # a font's single line spacing, as Word and LibreOffice set it
LATIN_EM = 0.56


def em_width(text: str) -> float:
    """The width of `text` in ems: a Chinese character or full-width mark one, any other
    character about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else LATIN_EM for ch in text)


def estimated_lines(paragraph: Paragraph, chars_per_line: float) -> int:
    text = paragraph.text.replace("\u2060", "")
    if not text.strip():
        return 1
    indent = 0.0
    first = paragraph.paragraph_format.first_line_indent
    if paragraph.paragraph_format.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT,
                                               WD_ALIGN_PARAGRAPH.JUSTIFY) and first is None:
        indent = 2.0  # the body style's 首行缩进两字
    elif first is not None:
        indent = 2.0 if first > 0 else 0.0
    return max(1, math.ceil((em_width(text) + indent) / chars_per_line))


def keep_on_first_page(paragraphs: list[Paragraph], style: HouseStyle) -> float:
    """Tighten the pitch of `paragraphs` (the text under a letter-format title) so that
    their estimated lines fit the first page; returns the pitch used (pt)."""
    grid = style.grid
    capacity = grid.lines_per_page - LETTER_HEAD_LINES
    per_line = style.text_width_pt / style.sizes.body_pt
    # two lines of safety: lines broken by 避头尾 or wide figures (a case number and a
    # citation in one paragraph overran the estimate by a line)
    needed = sum(estimated_lines(p, per_line) for p in paragraphs) + 2
    if needed <= capacity:
        return grid.line_pitch_pt
    pitch = max(grid.line_pitch_pt * capacity / needed, style.sizes.body_pt * SINGLE)
    for paragraph in paragraphs:
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(pitch)
    return pitch
