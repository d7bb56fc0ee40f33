"""The binder's own typesetting with fpdf2: the CJK font it draws with, and a text or CSV
evidence file set into A4 pages (a chat export, a call log, a bank statement) so the court
reads it in the binder instead of a placeholder.

The pages keep the binder's top band clear for its stamp and caption (``filings.binder``
draws them). A file is typeset the same way for counting its pages and for the binder,
and once per process (the result is cached by file, kind and font).
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path

if typing.TYPE_CHECKING:
    from fpdf import FPDF

A4 = (595.28, 841.89)  # points
MARGIN = 56.0  # 2 cm
STAMP_BAND = 36.0  # kept clear under the top margin for the stamp and the caption
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts")
# Fonts with the simplified Chinese glyphs, best first (a .ttc: the face named "SC").
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf",
                  "NotoSansSC-Regular.otf", "NotoSerifCJK-Regular.ttc",
                  "SourceHanSansSC-Regular.otf", "wqy-microhei.ttc", "wqy-zenhei.ttc")
TEXT_KINDS = frozenset({"text/plain", "text/csv"})
MAX_TEXT_CHARS = 200_000  # a longer file is cut, and the cut is said on the page
MAX_TABLE_COLUMNS = 8  # a wider CSV is set as lines: a table that wide cannot be read
TEXT_PT, TEXT_LINE = 10.5, 16.0
TABLE_PT, TABLE_LINE = 8.0, 11.0


@dataclass(frozen=True, slots=True)
class Font:
    path: Path
    index: int = 0  # the face in a font collection (.ttc)


@functools.cache
def find_cjk_font() -> Font | None:
    """A font with Chinese glyphs found on this machine, or None (stamps fall back to ASCII)."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name in CJK_FONT_FILES and name not in found:
                    found[name] = Path(root) / name
    for name in CJK_FONT_FILES:
        if name in found:
            return Font(found[name], _simplified_face(found[name]))
    return None


def _simplified_face(path: Path) -> int:
    if path.suffix.lower() != ".ttc":
        return 0
    try:
        from fontTools.ttLib import TTCollection

        faces = TTCollection(str(path), lazy=True).fonts
        names = [str(face["name"].getDebugName(1) or "") for face in faces]
    except Exception:
        return 0
    for i, name in enumerate(names):
        if " SC" in name and "Mono" not in name:
            return i
    return 0


def clean(text: str, ascii_only: bool = False, *, keep_spaces: bool = False) -> str:
    """No control, format (bidi) or surrogate characters; latin-1 only without a CJK font.
    Runs of white space become one space unless `keep_spaces` (a line of a text file)."""
    text = "".join(c if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co") else " "
                   for c in text)
    text = text.rstrip() if keep_spaces else " ".join(text.split())
    if ascii_only:
        text = text.replace("–", "-").encode("ascii", "replace").decode("ascii")
    return text


def new_pdf(font: Font | None) -> tuple[FPDF, str]:
    """An A4 fpdf2 document in points with the binder's margins, and its font family."""
    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)  # e.g. an emoji the font lacks
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_creator("workbench")
    family = "helvetica"
    if font is not None:
        pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
        family = "cjk"
    pdf.set_font(family, size=12)
    return pdf, family


# --- text and CSV files ---------------------------------------------------------------

def is_text(media_type: str) -> bool:
    return media_type.split(";")[0].strip().lower() in TEXT_KINDS


def decoded(raw: bytes) -> str:
    """A text file's characters: UTF-8 (with or without BOM), else GB18030 (as many
    Chinese exports are), else UTF-8 with the bad bytes replaced."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


def typeset_pages(path: Path, media_type: str, font: Font | None) -> int | None:
    """How many A4 pages the file fills when typeset, or None if it cannot be read."""
    made = typeset(path, media_type, font)
    if made is None:
        return None
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(made)).pages)


@functools.lru_cache(maxsize=64)
def typeset(path: Path, media_type: str, font: Font | None) -> bytes | None:
    """The file set into A4 pages (a PDF), or None if it cannot be read. A CSV of a few
    columns becomes a table; any other text keeps its lines."""
    try:
        text = decoded(path.read_bytes())
    except OSError:
        return None
    cut = len(text) > MAX_TEXT_CHARS
    text = text[:MAX_TEXT_CHARS]
    pdf, family = new_pdf(font)
    pdf.set_top_margin(MARGIN + STAMP_BAND * 1.5)
    pdf.add_page()
    ascii_only = font is None
    lines = text.splitlines()
    table = _csv_table(lines) if media_type.startswith("text/csv") else None
    if table is not None:
        notes, rows = table
        _lines(pdf, family, notes, ascii_only)
        _table(pdf, family, rows, ascii_only)
    else:
        _lines(pdf, family, lines, ascii_only)
    if cut:
        _lines(pdf, family, ["（以下内容过长，未编入汇编，见原始文件）"], ascii_only)
    return bytes(pdf.output())


def _lines(pdf: FPDF, family: str, lines: list[str], ascii_only: bool) -> None:
    from fpdf.enums import WrapMode

    pdf.set_font(family, size=TEXT_PT)
    for line in lines:
        shown = clean(line.expandtabs(4), ascii_only, keep_spaces=True)
        pdf.multi_cell(w=0, h=TEXT_LINE, text=shown or " ", new_x="LMARGIN", new_y="NEXT",
                       wrapmode=WrapMode.CHAR)


def _csv_table(lines: list[str]) -> tuple[list[str], list[list[str]]] | None:
    """(the notes above the table, its rows), or None when the file is no narrow table."""
    notes: list[str] = []
    body = list(lines)
    while body and (body[0].startswith("#") or not body[0].strip()):
        notes.append(body.pop(0).lstrip("# "))
    try:
        rows = [row for row in csv.reader(body) if any(cell.strip() for cell in row)]
    except csv.Error:
        return None
    if not rows:
        return None
    width = len(rows[0])
    if not 1 < width <= MAX_TABLE_COLUMNS or any(len(row) != width for row in rows):
        return None
    return notes, rows


def _table(pdf: FPDF, family: str, rows: list[list[str]], ascii_only: bool) -> None:
    from fpdf.enums import WrapMode
    from fpdf.fonts import FontFace

    pdf.ln(4)
    pdf.set_font(family, size=TABLE_PT)
    shown = [[clean(cell, ascii_only) or " " for cell in cells] for cells in rows]
    # each column as wide as its widest cell asks (the table fills the type area)
    widths = tuple(max(pdf.get_string_width(cells[n]) for cells in shown) + 6
                   for n in range(len(shown[0])))
    plain_heads = FontFace(emphasis="", fill_color=230)  # the font has no bold face
    with pdf.table(col_widths=widths, line_height=TABLE_LINE, headings_style=plain_heads,
                   wrapmode=WrapMode.CHAR) as table:
        for cells in shown:
            row = table.row()
            for cell in cells:
                row.cell(cell)
