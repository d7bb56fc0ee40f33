"""The paragraph-level helpers every filing is written with (python-docx, imported only when
a filing is built): :class:`Writer` writes the letterhead, headings, demands, the evidence
table and the signature block; ``filings.bodies`` arranges them per document kind.
"""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Sequence

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.run import Run

from workbench.domain.ladder import OUTCOME_LABELS, Outcome, stage_label
from workbench.domain.law import Entry, load_register
from workbench.domain.personal_text import pseudonym
from workbench.filings.apply import run_font
from workbench.filings.documents import (
    ADDRESS,
    BLANK,
    ID_NUMBER,
    MERCHANT,
    NAME,
    PHONE,
    FilingData,
    FilingKind,
    Letterhead,
)
from workbench.filings.style import (
    BODY_STYLE,
    TABLE_HEADER_STYLE,
    TABLE_STYLE,
    HouseStyle,
)
from workbench.filings.text import amount_in_words, chinese_date, clean_xml, figure_date, yuan

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")

if typing.TYPE_CHECKING:
    from docx.document import Document
    from docx.styles.style import ParagraphStyle
    from docx.text.paragraph import Paragraph


class Writer:
    """Paragraph-level helpers bound to one document, style and case."""

    def __init__(self, document: Document, style: HouseStyle, kind: FilingKind,
                 data: FilingData) -> None:
        self.doc, self.style, self.kind, self.data = document, style, kind, data
        self.info = kind.info
        d = style.letterhead
        self.letterhead = data.letterhead or Letterhead(d.name, d.address, d.phone,
                                                        d.signatory, d.postcode)
        self.law = data.law or load_register()
        styles = document.styles
        self.body_style = typing.cast("ParagraphStyle", styles[BODY_STYLE])
        self.normal = typing.cast("ParagraphStyle", styles["Normal"])
        self.h1_style = typing.cast("ParagraphStyle", styles["Heading 1"])
        self.h2_style = typing.cast("ParagraphStyle", styles["Heading 2"])
        self.title_style = typing.cast("ParagraphStyle", styles["Title"])
        self.cell_style = typing.cast("ParagraphStyle", styles[TABLE_STYLE])
        self.cell_head_style = typing.cast("ParagraphStyle", styles[TABLE_HEADER_STYLE])
        self.sections = 0
        self._rpr: dict[tuple[str, float, bool, str | None], typing.Any] = {}

    # -- paragraphs

    def cite(self, entry_id: str) -> Entry:
        """A register entry as in force on the filing's date."""
        return self.law.get(entry_id, self.data.issued_on)

    def para(self, text: str = "", *, font: str | None = None, size: float | None = None,
             style: ParagraphStyle | None = None, bold: bool = False,
             color: str | None = None) -> Paragraph:
        """One paragraph with one run (none for empty text), fonts written on the run."""
        paragraph = self.doc.add_paragraph()
        # by id: python-docx's style setter scans every style of the template per call
        paragraph._p.style = (style or self.body_style).style_id
        text = _LINE_BREAKS.sub(" ", clean_xml(text))  # inline values stay on one line
        if text:
            self.run(paragraph, text, font or self.style.fonts.body,
                     size or self.style.sizes.body_pt, bold, color)
        return paragraph

    def run(self, paragraph: Paragraph, text: str, font: str, size: float,
            bold: bool = False, color: str | None = None) -> None:
        """Append a run whose w:rPr (fonts incl. w:eastAsia, size…) is a copy of one made
        by :func:`run_font` once per combination: much faster for thousands of lines."""
        key = (font, size, bold, color)
        proto = self._rpr.get(key)
        if proto is None:
            scratch = Run(OxmlElement("w:r"), paragraph)
            run_font(scratch, font, size, bold, latin=self.style.latin_for(font), color=color)
            proto = self._rpr[key] = scratch._r.rPr
        paragraph.add_run(text)._r.insert(0, copy.deepcopy(proto))

    def lines(self, text: str) -> None:
        """One body paragraph per non-empty line of `text` (narratives may be 100 KB)."""
        for line in clean_xml(text).splitlines():
            line = line.strip()
            if line:
                self.para(line)

    def heading(self, text: str) -> None:
        """A numbered level-1 heading: 一、二、… in 黑体."""
        self.sections += 1
        self.para(f"{ordinal(self.sections)}、{text}", font=self.style.fonts.heading1,
                  size=self.style.sizes.heading1_pt, style=self.h1_style)

    def subheading(self, number: int, text: str) -> None:
        """A level-2 heading: （一）（二）… in 楷体."""
        self.para(f"（{ordinal(number)}）{text}", font=self.style.fonts.heading2,
                  size=self.style.sizes.heading2_pt, style=self.h2_style)

    def plain(self, text: str, *, align: str = "left", right_indent_chars: float = 0,
              first_line: bool = False, font: str | None = None) -> Paragraph:
        """A paragraph without the first-line indent (addressee, 此致, labels)."""
        paragraph = self.para(text, style=self.normal, font=font)
        fmt = paragraph.paragraph_format
        fmt.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                         "center": WD_ALIGN_PARAGRAPH.CENTER}[align]
        if right_indent_chars:
            fmt.right_indent = Pt(right_indent_chars * self.style.sizes.body_pt)
        if first_line:
            fmt.first_line_indent = Pt(2 * self.style.sizes.body_pt)
        return paragraph

    # -- blocks every filing uses

    def masthead(self) -> None:
        """发文机关标志 in red over a red double rule, then the 文号 on the right."""
        s = self.style
        name = self.para(self.letterhead.name, font=s.fonts.masthead, size=s.sizes.masthead_pt,
                         style=self.normal, color=s.colors.masthead)
        fmt = name.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        fmt.line_spacing = Pt(s.grid.line_pitch_pt)
        fmt.space_after = Pt(6)
        name._p.get_or_add_pPr().insert_element_before(parse_xml(
            f'<w:pBdr {nsdecls("w")}><w:bottom w:val="thickThinSmallGap" w:sz="24" '
            f'w:space="4" w:color="{s.colors.masthead}"/></w:pBdr>'), *_AFTER_PBDR)
        if self.data.doc_no.strip():
            self.plain(self.data.doc_no, align="right")

    def title(self, text: str | None = None) -> None:
        self.para(text or self.info.title, font=self.style.fonts.title,
                  size=self.style.sizes.title_pt, style=self.title_style)

    def addressee(self) -> None:
        name = self.addressee_name()
        if name:
            self.plain(f"{name}：")

    def addressee_name(self) -> str:
        if self.data.addressee and self.data.addressee.name.strip():
            return self.data.addressee.name.strip()
        kind = self.kind
        if kind is FilingKind.COMPLAINT_LETTER_PROVIDER:
            return self.data.provider.name
        if kind is FilingKind.COMPLAINT_LETTER_SUPERIOR:
            return self.data.provider.superior_name.strip() or BLANK
        if kind is FilingKind.MEDIATION_APPLICATION:
            return self.letterhead.name
        if kind in (FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION):
            return self.court()
        return self.info.default_addressee

    def court(self) -> str:
        return self.data.court_name.strip() or f"{BLANK}人民法院"

    def you(self) -> str:
        """How the addressee is addressed: 贵公司, 贵局, 贵院, 贵会, 贵行 or 贵单位."""
        name = self.addressee_name()
        if "银行" in name or name.endswith("行"):  # 某某银行股份有限公司 is still 贵行
            return "贵行"
        for suffix, word in (("法院", "贵院"), ("局", "贵局"), ("会", "贵会"),
                             ("公司", "贵公司")):
            if name.endswith(suffix):
                return word
        return "贵单位"

    def signature(self, signer: str | None = None, label: str = "") -> None:
        """Signer and the date in Chinese, the signer centred over the date, 右空四字."""
        signer = clean_xml(signer if signer is not None else self.letterhead.name)
        when = chinese_date(self.data.issued_on)
        name_text = f"{label}{signer}"
        gap = (len(when) - len(name_text)) / 2
        self.para()
        self.para()
        self.plain(name_text, align="right", right_indent_chars=4 + max(gap, 0))
        self.plain(when, align="right", right_indent_chars=4 + max(-gap, 0))

    def contact_note(self) -> None:
        """附注: who at the association to call."""
        lh = self.letterhead
        parts = [f"联系人：{lh.signatory}" if lh.signatory.strip() else "",
                 f"联系电话：{lh.phone}" if lh.phone.strip() else "",
                 f"地址：{lh.address}" if lh.address.strip() else "",
                 f"邮编：{lh.postcode}" if lh.postcode.strip() else ""]
        parts = [p for p in parts if p]
        if parts:
            self.plain(f"（{'；'.join(parts)}）", first_line=True)

    # -- the case's content

    def who(self) -> str:
        """The complainant in one phrase: 消费者张三 / 商户张三（某某便利店）."""
        c = self.data.complainant
        noun = "商户" if c.kind == "merchant" else "消费者"
        if NAME not in self.info.personal:
            return f"{noun}{anonymous(c.name)}"
        shop = f"（{c.merchant_name}）" if MERCHANT in self.info.personal and \
            c.merchant_name.strip() and c.kind == "merchant" else ""
        return f"{noun}{c.name}{shop}"

    def complainant_lines(self, role: str = "投诉人") -> None:
        c, personal = self.data.complainant, self.info.personal
        if NAME not in personal:
            self.para(f"{role}：{self.who()}")
            return
        parts = [f"{role}：{c.name}"]
        for key, label, value in ((ID_NUMBER, "公民身份号码", c.id_number),
                                  (PHONE, "联系电话", c.phone),
                                  (ADDRESS, "住址", c.address)):
            if key in personal and value.strip():
                parts.append(f"{label}：{value}")
        if MERCHANT in personal:
            if c.merchant_name.strip():
                parts.append(f"商户名称：{c.merchant_name}")
            if c.merchant_no.strip():
                parts.append(f"商户编号：{c.merchant_no}")
        if self.data.terminal_sn.strip():
            parts.append(f"机具编号：{self.data.terminal_sn}")
        self.para("，".join(parts) + "。")

    def provider_lines(self, role: str = "被投诉人", *, representative: bool = False) -> None:
        p = self.data.provider
        parts = [f"{role}：{p.name}"]
        if p.uscc.strip():
            parts.append(f"统一社会信用代码：{p.uscc}")
        if p.address.strip():
            parts.append(f"住所地：{p.address}")
        if representative:
            parts.append(f"法定代表人：{p.legal_representative.strip() or BLANK}")
        self.para("，".join(parts) + "。")

    def categories_text(self) -> str:
        return "、".join(clean_xml(c) for c in self.data.categories if str(c).strip())

    def demands(self, *, closing: str = "", court: bool = False, total: bool = True) -> None:
        """Numbered demands, money in figures and 大写, then the total (unless `total` is
        false). For a court (`court`), each demand reads 判令被告…; `closing` is a last item.
        """
        items = [d for d in self.data.demands if clean_xml(d.text).strip() or d.amount_fen]
        for number, demand in enumerate(items, 1):
            text = " ".join(clean_xml(demand.text).split()).rstrip("；;。.，,")
            if court and not text.startswith(("判令", "请求", "确认", "依法")):
                text = "判令" + (text if text.startswith("被告") else f"被告{text}")
            if demand.amount_fen is not None:
                text += f"，计人民币{money(demand.amount_fen)}"
            self.para(f"{number}. {text}；" if number < len(items) or closing else
                      f"{number}. {text}。")
        if closing:
            self.para(f"{len(items) + 1}. {closing}。")
        if total and self.total_fen():
            self.para(f"以上金额合计人民币{money(self.total_fen())}。")
        if not items and not closing:
            self.para(f"（请补充：请求事项）{BLANK}")

    def total_fen(self) -> int:
        return sum(d.amount_fen or 0 for d in self.data.demands)

    def contacts(self, *, tickets: bool = True) -> None:
        for contact in sorted(self.data.contacts, key=lambda c: c.on):
            ticket = f"（工单号：{contact.ticket_no}）" \
                if tickets and contact.ticket_no.strip() else ""
            how = f"通过{contact.channel}" if contact.channel.strip() else ""
            summary = " ".join(clean_xml(contact.summary).split())
            if summary and summary[-1] not in "。！？.!?；;":
                summary += "。"
            self.para(f"{figure_date(contact.on)}，{how}联系{contact.counterpart}{ticket}"
                      + (f"：{summary}" if summary else "。"))

    def reply_request(self, template: str) -> None:
        """The answer asked of the addressee, if the caller set a date."""
        if self.data.reply_by is not None:
            self.para(template.format(you=self.you(), date=figure_date(self.data.reply_by)))

    def attachment_note(self) -> None:
        self.plain("附件：证据清单", first_line=True)

    def evidence_attachment(self) -> None:
        """The evidence list on a new page, as 附件."""
        first = self.plain("附件", font=self.style.fonts.heading1)  # 黑体, 顶格
        first.paragraph_format.page_break_before = True
        self.title("证据清单")
        self.evidence_table()

    def evidence_table(self) -> None:
        """序号 | 证据名称 | 证据来源 | 证明对象 | 页数 | 原件/复印件, header repeated."""
        rows = [(str(i), e.title, e.source, e.proves,
                 "" if e.pages is None else str(e.pages), "原件" if e.original else "复印件")
                for i, e in enumerate(self.data.evidence, 1)]
        if not rows:
            rows = [("", "（暂无证据）", "", "", "", "")]
        table = self.doc.add_table(rows=len(rows) + 1, cols=len(EVIDENCE_COLUMNS))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # fixed layout: the column widths below hold
        tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
        if tbl_w is not None:
            tbl_w.set(qn("w:type"), "dxa")
            tbl_w.set(qn("w:w"), str(round(self.style.text_width_pt * 20)))
        table._tbl.tblPr.insert_element_before(_borders(), *_AFTER_TBLBORDERS)
        table._tbl.tblPr.insert_element_before(_cell_margins(), *_AFTER_TBLBORDERS[2:])
        total = sum(w for _, w, _ in EVIDENCE_COLUMNS)
        widths = [Pt(self.style.text_width_pt * w / total) for _, w, _ in EVIDENCE_COLUMNS]
        centred = [c for _, _, c in EVIDENCE_COLUMNS]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        s, f = self.style, self.style.fonts
        for r, row in enumerate(table.rows):
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))  # repeats on every page
                texts: Sequence[str] = [name for name, _, _ in EVIDENCE_COLUMNS]
                font, pstyle = f.table_header, self.cell_head_style
            else:
                texts, font, pstyle = rows[r - 1], f.table, self.cell_style
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
                    self.run(paragraph, clean, font, s.sizes.table_pt)

    def narrative(self) -> None:
        self.lines_or_ask(self.data.narrative, "事实与理由")

    def lines_or_ask(self, text: str, missing: str) -> None:
        """The text, or a visible request to fill in what is missing."""
        if clean_xml(text).strip():
            self.lines(text)
        else:
            self.para(f"（请补充：{missing}）{BLANK}")


# Schema order of the children that must follow w:pBdr in w:pPr, w:tblBorders in w:tblPr
# (Word refuses a file whose elements are out of order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
               "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_AFTER_TBLBORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                     "w:tblDescription", "w:tblPrChange")

# (header, relative width, centred); widths in mm of the 156 mm type area.
EVIDENCE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 14, True), ("证据名称", 38, False), ("证据来源", 26, False),
    ("证明对象", 38, False), ("页数", 14, True), ("原件/复印件", 26, True))


def _borders() -> typing.Any:

    edges = "".join(f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')


def _cell_margins() -> typing.Any:

    return parse_xml(f'<w:tblCellMar {nsdecls("w")}><w:left w:w="80" w:type="dxa"/>'
                     '<w:right w:w="80" w:type="dxa"/></w:tblCellMar>')


_DIGITS = "零一二三四五六七八九"


_ARTICLE_HEAD = re.compile(r"^\s*(第[一二三四五六七八九十百千零〇]+条\s*"
                           r"|（[一二三四五六七八九十]+）)")


def article_body(text: str) -> str:
    """An article's wording without its own 第X条 / （X） head, to print after a citation
    that already names it."""
    return _ARTICLE_HEAD.sub("", text.strip(), count=1)


def wording(entry: Entry) -> str:
    """An entry's wording to quote inside a sentence: without its 第X条 / （X） head and its
    closing punctuation; a multi-paragraph article is quoted whole."""
    return article_body(entry.text).rstrip("。.；;，,").replace("\n", "")


def ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings never reach 100)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def clause(text: str) -> str:
    """A value set inside a sentence: without its own closing punctuation."""
    return clean_xml(text).strip().rstrip("。.；;，,")


def money(fen: int) -> str:
    return f"{yuan(fen)}元（大写：{amount_in_words(fen)}）"


def anonymous(name: str) -> str:
    """张三 → 张某, 欧阳娜娜 → 欧阳某 (the usual way to name a private person in public
    writing)."""
    return pseudonym(clean_xml(name))


def outcome_label(value: str) -> str:
    try:
        return OUTCOME_LABELS[Outcome(value)]
    except ValueError:
        return value


def stage_text(value: str) -> str:
    try:
        return stage_label(value)
    except ValueError:
        return value
