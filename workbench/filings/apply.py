"""Applying the house style to a python-docx ``Document``: A4 and margins on every section,
the line pitch, the paragraph styles with East Asian fonts in ``w:eastAsia`` and no theme
fonts, the font table's substitutes and the "— N —" page-number footers (odd right, even left).
"""

from __future__ import annotations

import io
import typing
from typing import Any
from xml.sax.saxutils import quoteattr

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

if typing.TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

from workbench.filings.style import (
    BODY_STYLE,
    TABLE_HEADER_STYLE,
    TABLE_STYLE,
    HouseStyle,
    load_style,
)

# Theme font references: the default template resolves East Asian text through the theme
# to a Japanese face (themeFontLang ja-JP), so every one of them goes.
THEME_FONT_ATTRS = tuple(qn(f"w:{a}") for a in
                         ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"))


def set_rfonts(rpr: Any, east_asian: str, latin: str | None = None) -> None:
    """Write all four font slots of an ``w:rPr`` and drop theme font references.

    python-docx's ``font.name`` sets only ascii/hAnsi, which leaves Chinese text to the
    theme's (Japanese) East Asian face; this writes ``w:eastAsia`` as well.
    """
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        has_style = len(rpr) and rpr[0].tag == qn("w:rStyle")
        rpr.insert(1 if has_style else 0, rfonts)  # schema order: rStyle, rFonts, …
    for attr in THEME_FONT_ATTRS:
        rfonts.attrib.pop(attr, None)
    latin = latin or east_asian
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:hint"), "eastAsia")


def run_font(run: Run, font: str, size_pt: float, bold: bool = False, *,
             latin: str | None = None, color: str | None = None) -> None:
    """Set a run's font (East Asian in ``w:eastAsia``; Latin = `latin` or the same), size,
    weight and optionally colour (hex)."""
    set_rfonts(run._r.get_or_add_rPr(), font, latin)
    run.font.size = Pt(size_pt)
    run.font.bold = True if bold else None
    if color:
        run.font.color.rgb = RGBColor.from_string(color.upper())


def apply_house_style(document: Document, style: HouseStyle | None = None) -> HouseStyle:
    """Give a python-docx document the house style; returns the style used.

    Sets page size and margins explicitly on every section (python-docx's default
    template is US Letter), the line pitch, the styles Normal/Title/Heading 1/Heading
    2 plus the filings' body and table styles, removes theme fonts from styles.xml and
    the document defaults, writes the font table's substitutes and the footer.
    """
    style = style or load_style()
    _sections(document, style)
    _styles(document, style)
    _settings(document)
    _font_table(document, style)
    _drop_styles_with_effects(document)
    return style


_TEMPLATES: dict[int, tuple[HouseStyle, bytes]] = {}


def styled_document(style: HouseStyle | None = None) -> Document:
    """A new, empty document in the house style.

    The styled template is made once per style and kept as bytes: applying the style to
    python-docx's default template costs more than laying out a whole letter.
    """
    import docx

    style = style or load_style()
    cached = _TEMPLATES.get(id(style))
    if cached is None or cached[0] is not style:
        document = docx.Document()
        apply_house_style(document, style)
        _drop_thumbnail(document)
        buffer = io.BytesIO()
        document.save(buffer)
        if len(_TEMPLATES) >= 8:
            _TEMPLATES.clear()
        cached = _TEMPLATES[id(style)] = (style, buffer.getvalue())
    return docx.Document(io.BytesIO(cached[1]))


def _drop_thumbnail(document: Document) -> None:
    """The template's preview picture shows an empty US Letter page; file browsers would
    show it for every filing."""
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rid]


def _sections(document: Document, style: HouseStyle) -> None:
    p = style.page
    for index, section in enumerate(document.sections):
        section.page_width = Mm(p.width_mm)
        section.page_height = Mm(p.height_mm)
        section.top_margin = Mm(p.margin_top_mm)
        section.bottom_margin = Mm(p.margin_bottom_mm)
        section.left_margin = Mm(p.margin_left_mm)
        section.right_margin = Mm(p.margin_right_mm)
        section.header_distance = Mm(p.header_distance_mm)
        section.footer_distance = Mm(p.footer_distance_mm)
        section.gutter = Mm(0)
        # The pitch is kept by exact line spacing and character spacing, not by a
        # "linesAndChars" document grid: LibreOffice lays such a grid out with wide gaps.
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is not None:
            for attr in ("w:type", "w:charSpace"):
                grid.attrib.pop(qn(attr), None)
            grid.set(qn("w:linePitch"), str(style.line_pitch_twips))
        for footer, odd in ((section.footer, True), (section.even_page_footer, False)):
            if index == 0 or not footer.is_linked_to_previous:
                _footer(footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph(),
                        style, odd=odd)


def _footer(paragraph: Paragraph, style: HouseStyle, *, odd: bool) -> None:
    """"— N —" with a PAGE field, 宋体 4号; odd pages right, even pages left, one character
    in (GB/T 9704-2012 §7.5; the even footer needs w:evenAndOddHeaders, see _settings)."""
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    indent = Pt(style.footer.indent_chars * style.sizes.footer_pt)
    fmt.right_indent, fmt.left_indent = (indent, Pt(0)) if odd else (Pt(0), indent)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    font, size = style.fonts.footer, style.sizes.footer_pt

    def add(text: str = "") -> Run:
        run = paragraph.add_run(text)
        run_font(run, font, size, latin=font)  # 半角宋体阿拉伯数字
        return run

    add(style.footer.before)
    add()._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    add()._r.append(instr)
    add()._r.append(_fld_char("separate"))
    add("1")
    add()._r.append(_fld_char("end"))
    add(style.footer.after)


def _fld_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _styles(document: Document, style: HouseStyle) -> None:
    styles_el = document.styles.element
    for rfonts in styles_el.iter(qn("w:rFonts")):
        for attr in THEME_FONT_ATTRS:
            rfonts.attrib.pop(attr, None)
    _doc_defaults(styles_el, style)

    s, f = style.sizes, style.fonts
    pitch = Pt(style.grid.line_pitch_pt)
    indent = Pt(2 * s.body_pt)  # 首行缩进两字

    normal = typing.cast("ParagraphStyle", document.styles["Normal"])
    _reset(normal)
    _para_style(normal, style, f.body, s.body_pt, pitch)

    title = typing.cast("ParagraphStyle", document.styles["Title"])
    _reset(title)
    _para_style(title, style, f.title, s.title_pt, Pt(s.title_line_pt),
                align=WD_ALIGN_PARAGRAPH.CENTER, before=pitch, after=pitch,
                keep_with_next=True)

    for name, font, size, level in (("Heading 1", f.heading1, s.heading1_pt, 0),
                                    ("Heading 2", f.heading2, s.heading2_pt, 1)):
        heading = typing.cast("ParagraphStyle", document.styles[name])
        _reset(heading)
        _para_style(heading, style, font, size, pitch, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    indent=indent, keep_with_next=True)
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(level))
        heading.element.get_or_add_pPr().append(outline)

    body = _get_or_add(document, BODY_STYLE)
    _para_style(body, style, f.body, s.body_pt, pitch, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                indent=indent)
    cell = _get_or_add(document, TABLE_STYLE)
    _para_style(cell, style, f.table, s.table_pt, Pt(s.table_line_pt),
                align=WD_ALIGN_PARAGRAPH.LEFT)
    head = _get_or_add(document, TABLE_HEADER_STYLE)
    _para_style(head, style, f.table_header, s.table_pt, Pt(s.table_line_pt),
                align=WD_ALIGN_PARAGRAPH.CENTER)


def _doc_defaults(styles_el: Any, style: HouseStyle) -> None:
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_el.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    size = str(round(style.sizes.body_pt * 2))
    rpr_default.clear()
    rpr_default.append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:rFonts/>'
        f'<w:spacing w:val="{style.char_spacing_twips}"/><w:kern w:val="2"/>'
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>'))
    set_rfonts(rpr_default[0], style.fonts.body, style.latin_for(style.fonts.body))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = OxmlElement("w:pPrDefault")
        defaults.append(ppr_default)
    ppr_default.clear()
    ppr_default.append(parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" '
        f'w:line="{style.line_pitch_twips}" w:lineRule="exact"/></w:pPr>'))


def _reset(paragraph_style: ParagraphStyle) -> None:
    """Drop a template style's own paragraph and run properties (borders, theme colours)."""
    element = paragraph_style.element
    for tag in ("w:pPr", "w:rPr"):
        child = element.find(qn(tag))
        if child is not None:
            element.remove(child)


def _get_or_add(document: Document, name: str) -> ParagraphStyle:
    styles = document.styles
    try:
        found = typing.cast("ParagraphStyle", styles[name])
    except KeyError:
        pass
    else:
        _reset(found)
        return found
    added = typing.cast("ParagraphStyle", styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH))
    added.base_style = styles["Normal"]
    added.quick_style = True
    return added


def _para_style(target: ParagraphStyle, style: HouseStyle, font: str, size_pt: float,
                line: Pt, *, align: WD_ALIGN_PARAGRAPH | None = None,
                indent: Pt | None = None, before: Pt | None = None,
                after: Pt | None = None, keep_with_next: bool = False) -> None:
    set_rfonts(target.element.get_or_add_rPr(), font, style.latin_for(font))
    target.font.size = Pt(size_pt)
    target.font.bold = False
    target.font.color.rgb = RGBColor.from_string(style.colors.text.upper())
    fmt = target.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = before or Pt(0)
    fmt.space_after = after or Pt(0)
    fmt.first_line_indent = indent or Pt(0)
    fmt.widow_control = True
    fmt.keep_with_next = keep_with_next
    if align is not None:
        fmt.alignment = align


def _settings(document: Document) -> None:
    """Separate odd and even footers (page numbers right and left); theme fonts, if
    anything still asks for them, resolve for Chinese, not Japanese; a closing mark at
    a line's end compressed to fit (标点挤压) rather than hung past the margin, where
    LibreOffice drops it from the page."""
    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    control = settings.find(qn("w:characterSpacingControl"))
    if control is None:
        control = OxmlElement("w:characterSpacingControl")
        settings.append(control)
    control.set(qn("w:val"), "compressPunctuation")


def _font_table(document: Document, style: HouseStyle) -> None:
    """Replace the template's font table by the fonts we use, each with its substitute."""
    f = style.fonts
    used = dict.fromkeys(
        [f.title, f.body, f.heading1, f.heading2, f.footer, f.masthead, f.table,
         f.table_header] + ([f.latin] if f.latin else []))
    xml = [f'<w:fonts {nsdecls("w")}>']
    for name in used:
        alternatives = f.fallbacks.get(name, ())
        alt = f'<w:altName w:val={quoteattr(alternatives[0])}/>' if alternatives else ""
        chinese = any(ord(c) > 0x2E80 for c in name + "".join(alternatives))
        charset = "86" if chinese else "00"  # 86 = GB2312
        xml.append(f'<w:font w:name={quoteattr(name)}>{alt}<w:charset w:val="{charset}"/>'
                   '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    xml.append("</w:fonts>")
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            + "".join(xml)).encode("utf-8")
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            part.drop_rel(rid)
    table = Part(PackURI("/word/fontTable.xml"),
                 "application/vnd.openxmlformats-officedocument.wordprocessingml."
                 "fontTable+xml", blob, part.package)
    part.relate_to(table, RT.FONT_TABLE)


def _drop_styles_with_effects(document: Document) -> None:
    """Word 2010's copy of the styles still names theme fonts; Word rebuilds it if absent."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rid)
