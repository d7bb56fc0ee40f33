"""The evidence binder (证据材料汇编): one PDF of a case's evidence files in list order.

A cover lists the items and their page ranges; then each item in turn: a PDF's own pages,
an image placed on an A4 page, or one placeholder page naming the item and its sha256
(any other file, a PDF that cannot be read, a missing file). Every evidence page is
stamped top right "证据N 第x页" with the binder's running page number; the cover is not
numbered, so the ranges depend on the evidence alone. :func:`page_ranges` is the one
place the ranges are computed: the evidence list prints the same ones (页码).

Plain paths in, bytes out; nothing here reads the database. pypdf and fpdf2 are
imported where they are used (the queue must paint fast).
"""

from __future__ import annotations

import functools
import io
import logging
import os
import typing
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if typing.TYPE_CHECKING:
    from fpdf import FPDF

MAX_PAGES = 100_000
A4 = (595.28, 841.89)  # points
MARGIN = 56.0  # 2 cm
STAMP_BAND = 36.0  # kept clear above an image for the stamp
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts")
# Fonts with the simplified Chinese glyphs, best first (a .ttc: the face named "SC").
CJK_FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf",
                  "NotoSansSC-Regular.otf", "NotoSerifCJK-Regular.ttc",
                  "SourceHanSansSC-Regular.otf", "wqy-microhei.ttc", "wqy-zenhei.ttc")


@dataclass(frozen=True, slots=True)
class BinderItem:
    """One piece of evidence as the binder takes it."""

    number: int  # 证据N: its place in the evidence list
    title: str
    sha256: str
    media_type: str
    path: Path | None  # the stored file; None when it is missing


@dataclass(frozen=True, slots=True)
class Font:
    path: Path
    index: int = 0  # the face in a font collection (.ttc)


# --- pages ------------------------------------------------------------------------------

def page_count(path: Path | str, media_type: str) -> int | None:
    """页数 of an evidence file: a PDF's page count, 1 for an image, None for any other
    kind and for a PDF that is malformed, encrypted or unreadable."""
    if media_type.startswith("image/"):
        return 1
    if media_type != "application/pdf":
        return None
    reader = _open_pdf(Path(path))
    if reader is None:
        return None
    try:
        count = len(reader.pages)
    except Exception:  # pypdf raises many kinds on a damaged page tree
        return None
    return count if 0 < count <= MAX_PAGES else None


def _open_pdf(path: Path) -> typing.Any:
    """A pypdf reader, or None for a file that is not a readable, unencrypted PDF."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file is expected input
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return None
    except Exception:
        return None
    return reader


def binder_pages(item: BinderItem) -> int:
    """How many pages the item fills in the binder: its own, or one placeholder page."""
    if item.path is None:
        return 1
    return page_count(item.path, item.media_type) or 1


def page_ranges(items: Sequence[BinderItem]) -> list[tuple[int, int]]:
    """Each item's first and last page in the binder (the cover is not numbered)."""
    ranges: list[tuple[int, int]] = []
    start = 1
    for item in items:
        end = start + binder_pages(item) - 1
        ranges.append((start, end))
        start = end + 1
    return ranges


def range_text(span: tuple[int, int] | None) -> str:
    """(3, 5) → "3–5", (4, 4) → "4", None → ""."""
    if span is None:
        return ""
    first, last = span
    return str(first) if first == last else f"{first}–{last}"


# --- fonts ------------------------------------------------------------------------------

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


# --- building ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Slot:
    """One evidence page of the binder: a page of a PDF, an image, or a placeholder."""

    item: BinderItem
    nth: int  # 第x页 of the item
    pdf_page: typing.Any = None
    image: typing.Any = None  # a PIL image
    reason: str = ""  # why a placeholder stands in


def _slots(items: Sequence[BinderItem], readers: list[typing.Any]) -> list[_Slot]:
    slots: list[_Slot] = []
    for item, (first, last) in zip(items, page_ranges(items), strict=True):
        count = last - first + 1
        reader = None
        if item.path is not None and item.media_type == "application/pdf" \
                and page_count(item.path, item.media_type):
            reader = _open_pdf(item.path)
        if reader is not None:
            readers.append(reader)
            for k in range(count):
                try:
                    page = reader.pages[k]
                    _ = page.cropbox.width  # a damaged page fails here, not in the writer
                    slots.append(_Slot(item, k + 1, pdf_page=page))
                except Exception:
                    slots.append(_Slot(item, k + 1, reason="此页无法读取"))
            continue
        slots.append(_single(item))
    return slots


def _single(item: BinderItem) -> _Slot:
    if item.path is None:
        return _Slot(item, 1, reason="证据库中缺少该文件")
    if item.media_type.startswith("image/"):
        try:
            from PIL import Image, ImageOps

            with Image.open(item.path) as opened:
                image = ImageOps.exif_transpose(opened)
                image.load()
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            return _Slot(item, 1, image=image)
        except Exception:
            return _Slot(item, 1, reason="图片无法读取，未能编入")
    if item.media_type == "application/pdf":
        return _Slot(item, 1, reason="PDF 文件已加密或已损坏，未能编入")
    return _Slot(item, 1, reason="该类文件无法编入汇编，请另行提交原始载体")


def build_binder(items: Sequence[BinderItem], *, case_ref: str, case_title: str,
                 submitter: str, issued_on: date, font: Font | bool | None = True) -> bytes:
    """The binder as PDF bytes. `font`: True finds a CJK font on this machine, None or
    False stamps in ASCII ("E3 p.2"), a :class:`Font` uses that one."""
    from pypdf import PdfReader, PdfWriter, Transformation

    chosen = find_cjk_font() if font is True else font or None
    readers: list[typing.Any] = []
    slots = _slots(items, readers)
    pdf = _Pages(chosen)
    pdf.cover(items, page_ranges(items), case_ref, case_title, submitter, issued_on,
              len(slots))
    cover_pages = pdf.page_no()
    generated: list[int] = []  # the generated page of each slot without a PDF page, or -1
    for slot in slots:
        if slot.pdf_page is not None:
            generated.append(-1)
            continue
        if slot.image is not None:
            pdf.image_page(slot.image)
        else:
            pdf.placeholder(slot)
        generated.append(pdf.page_no() - 1)
    first_stamp = pdf.page_no()
    for running, slot in enumerate(slots, 1):
        size = _seen_size(slot.pdf_page) if slot.pdf_page is not None else A4
        pdf.stamp(size, _stamp_text(slot, running, chosen is not None))
    made = PdfReader(io.BytesIO(bytes(pdf.output())))
    writer = PdfWriter()
    for n in range(cover_pages):
        writer.add_page(made.pages[n])
    for k, slot in enumerate(slots):
        page = writer.add_page(slot.pdf_page if slot.pdf_page is not None
                               else made.pages[generated[k]])
        page.transfer_rotation_to_content()  # the stamp goes on the page as it is seen
        page.merge_transformed_page(made.pages[first_stamp + k], Transformation().translate(
            float(page.cropbox.left), float(page.cropbox.bottom)))
    writer.add_metadata({"/Title": _clean(f"{case_ref} 证据材料汇编"), "/Subject": _clean(
        case_title)[:255]})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _seen_size(page: typing.Any) -> tuple[float, float]:
    """A page's visible width and height as it is shown (after its /Rotate)."""
    width, height = float(page.cropbox.width), float(page.cropbox.height)
    return (height, width) if (page.rotation or 0) % 180 else (width, height)


def _stamp_text(slot: _Slot, running: int, cjk: bool) -> str:
    if cjk:
        return f"证据{slot.item.number} 第{slot.nth}页 · 总第{running}页"
    return f"E {slot.item.number} p.{slot.nth} | {running}"


def _clean(text: str, ascii_only: bool = False) -> str:
    """No control, format (bidi) or surrogate characters; latin-1 only without a CJK font."""
    text = "".join(c if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co") else " "
                   for c in text)
    text = " ".join(text.split())
    if ascii_only:
        text = text.replace("–", "-").encode("ascii", "replace").decode("ascii")
    return text


class _Pages:
    """The pages the binder draws itself, with fpdf2: cover, images, placeholders, stamps."""

    def __init__(self, font: Font | None) -> None:
        from fpdf import FPDF

        logging.getLogger("fpdf").setLevel(logging.ERROR)  # e.g. an emoji the font lacks
        self.cjk = font is not None
        self.pdf: FPDF = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        self.pdf.set_margins(MARGIN, MARGIN, MARGIN)
        self.pdf.set_creator("workbench")
        if font is not None:
            self.pdf.add_font("cjk", fname=str(font.path), collection_font_number=font.index)
            self.family = "cjk"
        else:
            self.family = "helvetica"
        self.pdf.set_font(self.family, size=12)

    def text(self, value: str) -> str:
        return _clean(value, ascii_only=not self.cjk)

    def page_no(self) -> int:
        return self.pdf.page_no()

    def output(self) -> bytearray:
        return self.pdf.output()

    def cover(self, items: Sequence[BinderItem], ranges: Sequence[tuple[int, int]],
              case_ref: str, case_title: str, submitter: str, issued_on: date,
              total: int) -> None:
        pdf, t = self.pdf, self.text
        pdf.add_page()
        pdf.set_font(self.family, size=22)
        pdf.cell(w=0, h=40, text=t("证据材料汇编" if self.cjk else "Evidence binder"),
                 align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, size=12)
        day = (f"{issued_on.year}年{issued_on.month}月{issued_on.day}日" if self.cjk
               else issued_on.isoformat())
        labels = (("案件编号", case_ref), ("案件名称", case_title), ("提交人", submitter),
                  ("日期", day))
        for label, value in labels:
            shown = f"{label}：{value}" if self.cjk else value
            pdf.multi_cell(w=0, h=20, text=t(shown), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        heads = ("序号", "证据名称", "页码", "页数") if self.cjk \
            else ("No.", "Item", "Pages", "Count")
        from fpdf.fonts import FontFace

        plain_heads = FontFace(emphasis="", fill_color=230)  # the font has no bold face
        with pdf.table(col_widths=(12, 60, 16, 12), line_height=18,
                       text_align=("CENTER", "LEFT", "CENTER", "CENTER"),
                       headings_style=plain_heads) as table:
            row = table.row()
            for head in heads:
                row.cell(head)
            for item, span in zip(items, ranges, strict=True):
                row = table.row()
                for value in (str(item.number), item.title, range_text(span),
                              str(span[1] - span[0] + 1)):
                    row.cell(t(value) or "-")
        pdf.ln(10)
        pdf.multi_cell(w=0, h=20, text=t(f"共{len(items)}项证据，{total}页。" if self.cjk
                                         else f"{len(items)} items, {total} pages."))

    def image_page(self, image: typing.Any) -> None:
        pdf = self.pdf
        pdf.add_page()
        top = MARGIN + STAMP_BAND
        pdf.image(image, x=MARGIN, y=top, w=A4[0] - 2 * MARGIN, h=A4[1] - top - MARGIN,
                  keep_aspect_ratio=True)

    def placeholder(self, slot: _Slot) -> None:
        pdf, t, item = self.pdf, self.text, slot.item
        pdf.add_page()
        pdf.set_y(MARGIN + STAMP_BAND * 2)
        pdf.set_font(self.family, size=16)
        head = f"证据{item.number}：{item.title}" if self.cjk else f"Evidence {item.number}"
        pdf.multi_cell(w=0, h=26, text=t(head), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, size=12)
        lines = ([slot.reason, f"文件类型：{item.media_type or '未知'}",
                  f"SHA-256：{item.sha256 or '无'}"] if self.cjk
                 else [f"type: {item.media_type or '-'}", f"SHA-256: {item.sha256 or '-'}"])
        for line in lines:
            pdf.multi_cell(w=0, h=20, text=t(line), new_x="LMARGIN", new_y="NEXT")

    def stamp(self, size: tuple[float, float], text: str) -> None:
        pdf = self.pdf
        pdf.add_page(format=size)
        pdf.set_auto_page_break(False)
        pdf.set_font(self.family, size=10)
        width = pdf.get_string_width(self.text(text)) + 8
        x = max(4.0, size[0] - width - 18)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_xy(x, 12)
        pdf.cell(w=width, h=16, text=self.text(text), align="C", fill=True, border=1)
        pdf.set_auto_page_break(True, margin=MARGIN)
