"""The evidence binder (证据材料汇编): one PDF of a case's evidence files in list order.

A cover lists the items (序号, 证据名称, 来源, 证明对象, 页码); then each item in turn: a
PDF's own pages, an image placed on an A4 page, a text or CSV file typeset into A4 pages
(``filings.typeset``), or one sheet naming the item, its 载体 and its 文件校验值 (a
recording, a video, any other file, a PDF that cannot be read, a missing file). Every
evidence page is stamped top right "证据N 第x页 · 总第y页" and carries the item's 证据名称
top left (and its 证明对象 on its first page); the cover is not numbered, so the ranges
depend on the evidence alone. :func:`page_ranges` is the one place the pages are counted:
the evidence list prints the same 页数 and 页码.

Plain paths in, bytes out; nothing here reads the database. pypdf and fpdf2 are
imported where they are used (the queue must paint fast).
"""

from __future__ import annotations

import io
import logging
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from workbench.filings.typeset import (
    A4,
    MARGIN,
    STAMP_BAND,
    Font,
    clean,
    find_cjk_font,
    is_text,
    new_pdf,
    typeset,
    typeset_pages,
)

if typing.TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["BinderItem", "Font", "binder_pages", "build_binder", "find_cjk_font",
           "laid_out_pages", "page_count", "page_ranges", "range_text"]

MAX_PAGES = 100_000


@dataclass(frozen=True, slots=True)
class BinderItem:
    """One piece of evidence as the binder takes it."""

    number: int  # 证据N: its place in the evidence list
    title: str
    sha256: str
    media_type: str
    path: Path | None  # the stored file; None when it is missing
    source: str = ""  # 来源, as the evidence list words it
    proves: str = ""  # 证明对象
    carrier: str = ""  # 载体 of an original not on paper: U盘, 光盘…


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


def laid_out_pages(item: BinderItem, font: Font | bool | None = True) -> int | None:
    """The pages of the item's own content the binder lays out (a PDF's pages, an image's
    page, a text's typeset pages), or None when one sheet stands in for it."""
    if item.path is None:
        return None
    if is_text(item.media_type):
        return typeset_pages(item.path, item.media_type, _font(font))
    return page_count(item.path, item.media_type)


def binder_pages(item: BinderItem, font: Font | bool | None = True) -> int:
    """How many pages the item fills in the binder: its own, or one sheet."""
    return laid_out_pages(item, font) or 1


def page_ranges(items: Sequence[BinderItem],
                font: Font | bool | None = True) -> list[tuple[int, int]]:
    """Each item's first and last page in the binder (the cover is not numbered)."""
    ranges: list[tuple[int, int]] = []
    start = 1
    for item in items:
        end = start + binder_pages(item, font) - 1
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

def _font(font: Font | bool | None) -> Font | None:
    """True: the CJK font found on this machine; None or False: none (ASCII)."""
    return find_cjk_font() if font is True else font or None


# --- building ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Slot:
    """One evidence page of the binder: a page of a PDF (the file's own, or its text
    typeset), an image, or the one sheet that stands in for the item."""

    item: BinderItem
    nth: int  # 第x页 of the item
    pdf_page: typing.Any = None
    image: typing.Any = None  # a PIL image
    sheet: bool = False  # the item is not laid out: a sheet names it
    reason: str = ""  # why it is not laid out, when it could have been


def _own_pages(item: BinderItem, font: Font | None) -> typing.Any:
    """A reader over the item's own pages: the PDF's, or its text typeset; else None."""
    if item.path is None:
        return None
    if is_text(item.media_type):
        from pypdf import PdfReader

        made = typeset(item.path, item.media_type, font)
        return PdfReader(io.BytesIO(made)) if made else None
    if item.media_type == "application/pdf" and page_count(item.path, item.media_type):
        return _open_pdf(item.path)
    return None


def _slots(items: Sequence[BinderItem], font: Font | None,
           readers: list[typing.Any]) -> list[_Slot]:
    slots: list[_Slot] = []
    for item, (first, last) in zip(items, page_ranges(items, font), strict=True):
        reader = _own_pages(item, font)
        if reader is None:
            slots.append(_single(item))
            continue
        readers.append(reader)
        for k in range(last - first + 1):
            try:
                page = reader.pages[k]
                _ = page.cropbox.width  # a damaged page fails here, not in the writer
                slots.append(_Slot(item, k + 1, pdf_page=page))
            except Exception:
                slots.append(_Slot(item, k + 1, sheet=True, reason="此页无法读取，未能编入"))
    return slots


def _single(item: BinderItem) -> _Slot:
    if item.path is None:
        return _Slot(item, 1, sheet=True, reason="证据库中缺少该文件")
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
            return _Slot(item, 1, sheet=True, reason="图片无法读取，未能编入")
    if item.media_type == "application/pdf":
        return _Slot(item, 1, sheet=True, reason="PDF 文件已加密或已损坏，未能编入")
    if is_text(item.media_type):
        return _Slot(item, 1, sheet=True, reason="文件无法读取，未能编入")
    return _Slot(item, 1, sheet=True)  # a recording, a video…: its carrier is handed in


def build_binder(items: Sequence[BinderItem], *, case_ref: str, case_title: str,
                 heading: Sequence[tuple[str, str]], issued_on: date,
                 font: Font | bool | None = True) -> bytes:
    """The binder as PDF bytes. `heading`: the cover's lines under its title as (label,
    value) — the case and who submits it, or at court 原告/被告/案由 (papers.binder_heading);
    the date follows. `font`: True finds a CJK font on this machine, None or False stamps
    in ASCII ("E3 p.2"), a :class:`Font` uses that one."""
    from pypdf import PdfReader, PdfWriter, Transformation

    chosen = _font(font)
    readers: list[typing.Any] = []
    slots = _slots(items, chosen, readers)
    pdf = _Pages(chosen)
    pdf.cover(items, page_ranges(items, chosen), heading, issued_on, len(slots))
    cover_pages = pdf.page_no()
    generated: list[int] = []  # the generated page of each slot without a PDF page, or -1
    for slot in slots:
        if slot.pdf_page is not None:
            generated.append(-1)
            continue
        if slot.image is not None:
            pdf.image_page(slot.image)
        else:
            pdf.sheet(slot)
        generated.append(pdf.page_no() - 1)
    first_stamp = pdf.page_no()
    for running, slot in enumerate(slots, 1):
        size = _seen_size(slot.pdf_page) if slot.pdf_page is not None else A4
        pdf.stamp(size, _stamp_text(slot, running, chosen is not None), slot)
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
    writer.add_metadata({"/Title": clean(f"{case_ref} 证据材料汇编"), "/Subject": clean(
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


INDEX_HEADS = ("序号", "证据名称", "来源", "证明对象", "页码")
INDEX_WIDTHS = (9, 27, 17, 35, 12)
CAPTION_PT = 9.0
HASH_PT = 9.0  # in Courier: 64 hex digits on one line of the type area


class _Pages:
    """The pages the binder draws itself, with fpdf2: cover, images, sheets, stamps."""

    def __init__(self, font: Font | None) -> None:
        self.cjk = font is not None
        self.pdf: FPDF
        self.pdf, self.family = new_pdf(font)

    def text(self, value: str) -> str:
        return clean(value, ascii_only=not self.cjk)

    def page_no(self) -> int:
        return self.pdf.page_no()

    def output(self) -> bytearray:
        return self.pdf.output()

    def cover(self, items: Sequence[BinderItem], ranges: Sequence[tuple[int, int]],
              heading: Sequence[tuple[str, str]], issued_on: date, total: int) -> None:
        pdf, t = self.pdf, self.text
        pdf.add_page()
        pdf.set_font(self.family, size=22)
        pdf.cell(w=0, h=40, text=t("证据材料汇编" if self.cjk else "Evidence binder"),
                 align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(self.family, size=12)
        day = (f"{issued_on.year}年{issued_on.month}月{issued_on.day}日" if self.cjk
               else issued_on.isoformat())
        labels = (*heading, ("日期", day))
        for label, value in labels:
            shown = f"{label}：{value}" if self.cjk else value
            pdf.multi_cell(w=0, h=20, text=t(shown), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(10)
        heads = INDEX_HEADS if self.cjk else ("No.", "Item", "Source", "Proves", "Pages")
        from fpdf.enums import WrapMode
        from fpdf.fonts import FontFace

        plain_heads = FontFace(emphasis="", fill_color=230)  # the font has no bold face
        pdf.set_font(self.family, size=10.5)
        with pdf.table(col_widths=INDEX_WIDTHS, line_height=16,
                       text_align=("CENTER", "LEFT", "LEFT", "LEFT", "CENTER"),
                       headings_style=plain_heads, wrapmode=WrapMode.CHAR) as table:
            row = table.row()
            for head in heads:
                row.cell(head)
            for item, span in zip(items, ranges, strict=True):
                row = table.row()
                for value in (str(item.number), item.title, item.source, item.proves,
                              range_text(span)):
                    row.cell(t(value) or "-")
        pdf.ln(10)
        pdf.set_font(self.family, size=12)
        pdf.multi_cell(w=0, h=20, text=t(f"共{len(items)}项证据，{total}页。" if self.cjk
                                         else f"{len(items)} items, {total} pages."))

    def image_page(self, image: typing.Any) -> None:
        pdf = self.pdf
        pdf.add_page()
        top = MARGIN + STAMP_BAND
        pdf.image(image, x=MARGIN, y=top, w=A4[0] - 2 * MARGIN, h=A4[1] - top - MARGIN,
                  keep_aspect_ratio=True)

    def sheet(self, slot: _Slot) -> None:
        """The one page of an item the binder cannot lay out: what it is, its 载体,
        that the original is handed in, and its 文件校验值 on one line."""
        pdf, t, item = self.pdf, self.text, slot.item
        pdf.add_page()
        pdf.set_y(MARGIN + STAMP_BAND * 2)
        pdf.set_font(self.family, size=16)
        head = f"证据{item.number}：{item.title}" if self.cjk else f"Evidence {item.number}"
        pdf.multi_cell(w=0, h=26, text=t(head), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font(self.family, size=12)
        lines = [f"证明对象：{item.proves}" if item.proves.strip() else "",
                 f"载体：{item.carrier}" if item.carrier.strip() else "",
                 (f"{slot.reason}；" if slot.reason else "") + "原始载体另行提交。"]
        for line in lines if self.cjk else []:
            if line:
                pdf.multi_cell(w=0, h=20, text=t(line), new_x="LMARGIN", new_y="NEXT")
        if item.sha256:
            pdf.ln(6)
            pdf.multi_cell(w=0, h=20, text=t("文件校验值（SHA-256）：" if self.cjk
                                             else "SHA-256:"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("courier", size=HASH_PT)
            pdf.cell(w=0, h=16, text=clean(item.sha256, ascii_only=True),
                     new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(self.family, size=12)

    def stamp(self, size: tuple[float, float], text: str, slot: _Slot) -> None:
        """The overlay of one evidence page: the stamp top right and, on a page of the
        item's own, its 证据名称 top left and its 证明对象 under them on its first page."""
        pdf = self.pdf
        pdf.add_page(format=size)
        pdf.set_auto_page_break(False)
        pdf.set_font(self.family, size=10)
        width = pdf.get_string_width(self.text(text)) + 8
        x = max(4.0, size[0] - width - 18)
        pdf.set_fill_color(255, 255, 255)
        pdf.set_xy(x, 12)
        pdf.cell(w=width, h=16, text=self.text(text), align="C", fill=True, border=1)
        if self.cjk and not slot.sheet:
            self.caption(size, x, slot)
        pdf.set_auto_page_break(True, margin=MARGIN)

    def caption(self, size: tuple[float, float], stamp_x: float, slot: _Slot) -> None:
        pdf, item = self.pdf, slot.item
        pdf.set_font(self.family, size=CAPTION_PT)
        left = 18.0
        lines = [(_fit(pdf, self.text(f"证据名称：{item.title}"), stamp_x - left - 8), 14.0)]
        if slot.nth == 1 and item.proves.strip():
            wide = size[0] - 2 * left
            lines += [(line, 30.0 + 12 * n) for n, line in enumerate(
                _wrap(pdf, self.text(f"证明对象：{item.proves}"), wide, 2))]
        for line, y in lines:
            if not line:
                continue
            pdf.set_xy(left, y)
            pdf.cell(w=pdf.get_string_width(line) + 2, h=12, text=line, fill=True)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut to `width` points, with "…" where it was cut."""
    lines = _wrap(pdf, text, width, 1)
    return lines[0] if lines else ""


def _wrap(pdf: FPDF, text: str, width: float, most: int) -> list[str]:
    """The text broken into at most `most` lines of `width` points; the last one ends in
    "…" when some of the text did not fit."""
    if width <= 20:
        return []
    lines: list[str] = []
    rest = text
    while rest and len(lines) < most:
        n = len(rest)
        while n > 1 and pdf.get_string_width(rest[:n]) > width:
            n -= 1
        lines.append(rest[:n])
        rest = rest[n:]
    if rest and lines:
        last = lines[-1]
        while last and pdf.get_string_width(last + "…") > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return lines
