"""The paragraph-level helpers every filing is written with (python-docx, imported only when
a filing is built): :class:`Writer` writes the letterhead, headings, demands, the evidence
table and the signature block; ``filings.bodies`` arranges them per document kind."""

from __future__ import annotations

import copy
import re
import typing
from collections.abc import Sequence

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.run import Run

from workbench.domain.categories import original_label
from workbench.domain.law import Entry, load_register
from workbench.domain.vocabulary import AddresseeKind
from workbench.filings.apply import run_font
from workbench.filings.binder import range_text
from workbench.filings.contacts import sentences as contact_sentences
from workbench.filings.documents import (
    ADDRESS,
    BLANK,
    ID_NUMBER,
    MERCHANT,
    NAME,
    PHONE,
    Demand,
    FilingData,
    FilingKind,
    Letterhead,
    Voice,
)
from workbench.filings.endings import endings, payable_fen, waived_fen, waives
from workbench.filings.ooxml import (
    AFTER_PBDR,
    MM_PER_PT,
    edge,
    frame,
    no_break_hyphens,
    pt_eighths,
    put_frame,
    rule,
    twips_mm,
)
from workbench.filings.style import (
    BODY_STYLE,
    TABLE_HEADER_STYLE,
    TABLE_STYLE,
    HouseStyle,
    is_placeholder,
)
from workbench.filings.tables import fixed_table
from workbench.filings.text import (  # re-exported: the layouts import them from here
    ADMINISTRATIVE,
    AMOUNT,
    anonymous,
    article_body,
    clause,
    clean_xml,
    facts_text,
    figure_date,
    has_long_code,
    money,
    ordinal,
    outcome_label,
    representative_title,
    stage_text,
    unbroken,
    wording,
)
from workbench.filings.titles import Part, title_lines
from workbench.filings.voice import as_shop, load_voice, revoice

EVIDENCE_ATTACHMENT = "证据清单"  # the 附件 every letter carries
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
        self.speech = load_voice().of(kind)
        self.cited: list[Entry] = []
        styles = document.styles
        self.body_style = typing.cast("ParagraphStyle", styles[BODY_STYLE])
        self.normal = typing.cast("ParagraphStyle", styles["Normal"])
        self.h1_style = typing.cast("ParagraphStyle", styles["Heading 1"])
        self.h2_style = typing.cast("ParagraphStyle", styles["Heading 2"])
        self.title_style = typing.cast("ParagraphStyle", styles["Title"])
        self.cell_style = typing.cast("ParagraphStyle", styles[TABLE_STYLE])
        self.cell_head_style = typing.cast("ParagraphStyle", styles[TABLE_HEADER_STYLE])
        self.sections = 0
        self.letter_format = False  # set by masthead(): the 信函格式 of §10.1
        self._rpr: dict[tuple[str, float, bool, str | None], typing.Any] = {}

    # -- paragraphs

    def cite(self, entry_id: str) -> Entry:
        """A register entry as in force on the filing's date (kept in `cited` for the
        pre-flight: a citation not in force blocks the export)."""
        entry = self.law.get(entry_id, self.data.issued_on)
        self.cited.append(entry)
        return entry

    def para(self, text: str = "", *, font: str | None = None, size: float | None = None,
             style: ParagraphStyle | None = None, bold: bool = False,
             color: str | None = None) -> Paragraph:
        """One paragraph with one run (none for empty text), fonts written on the run."""
        paragraph = self.doc.add_paragraph()
        # by id: python-docx's style setter scans every style of the template per call
        paragraph._p.style = (style or self.body_style).style_id
        text = unbroken(_LINE_BREAKS.sub(" ", clean_xml(text)))  # inline values stay on one line
        if text:
            self.run(paragraph, text, font or self.style.fonts.body,
                     size or self.style.sizes.body_pt, bold, color)
        if has_long_code(text):  # justified, the line before the code is letter-spaced
            paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
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
        """The first page of the letter format (信函格式, GB/T 9704-2012 §10.1): the
        发文机关标志 in red 小标宋, centred, its top edge 30 mm from the page top, a red
        double rule (上粗下细) 4 mm below it, the 文号 flush right under the rule, the
        title two lines lower; a red double rule (上细下粗) 20 mm above the page bottom
        and no page number on that page. The numbers are ``[letter]`` in the style."""
        s, letter = self.style, self.style.letter
        self.letter_format = True
        name = self.para(self.letterhead.name, font=s.fonts.masthead, size=s.sizes.masthead_pt,
                         style=self.normal, color=s.colors.masthead)
        fmt = name.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(s.sizes.masthead_pt)
        ppr = name._p.get_or_add_pPr()
        put_frame(ppr, frame(letter.rule_length_mm, y=f'w:y="{twips_mm(letter.masthead_top_mm)}"'
                             ' w:vAnchor="page"'))
        # the gap is counted from the characters' lower edge, above the line's (≈ 0.12 em)
        gap_pt = max(letter.rule_gap_mm / MM_PER_PT - 0.12 * s.sizes.masthead_pt, 0)
        ppr.insert_element_before(rule("bottom", "thickThinSmallGap", 24, s.colors.masthead,
                                        space_pt=gap_pt),
                                  *AFTER_PBDR)
        number = self.plain(self.data.doc_no.strip(), align="right")
        # counted to the characters' top: the exact line pitch already leads them by half
        # of what it adds to the body size
        lead = (s.grid.line_pitch_pt - s.sizes.body_pt) / 2
        number.paragraph_format.space_before = Pt(max(letter.doc_no_gap_pt - lead, 0))
        for _ in range(letter.title_gap_lines - 1):  # the Title style adds one line before
            self.para(style=self.normal)
        self._first_page_footer()

    def _first_page_footer(self) -> None:
        """No page number on the letter's first page; the bottom red double rule is a
        frame anchored in the first page's text (LibreOffice ignores frames in footers)."""
        s, letter = self.style, self.style.letter
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        section.first_page_footer.is_linked_to_previous = False  # an empty footer
        bottom = self.para(style=self.normal)
        fmt = bottom.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(1)
        top = s.page.height_mm - letter.bottom_rule_mm
        ppr = bottom._p.get_or_add_pPr()
        put_frame(ppr, frame(letter.rule_length_mm, y=f'w:y="{twips_mm(top)}"'
                             ' w:vAnchor="page"'))
        ppr.insert_element_before(rule("top", "thinThickSmallGap", 24, s.colors.masthead),
                                  *AFTER_PBDR)

    def title(self, text: str | None = None) -> None:
        self.para(text or self.info.title, font=self.style.fonts.title,
                  size=self.style.sizes.title_pt, style=self.title_style)

    def addressee(self) -> None:
        name = self.addressee_name()
        if name:
            self.plain(f"{name}：")

    def addressee_name(self) -> str:
        """The addressee chosen for the filing (services choose it from the case's data);
        without one, the provider, its superior, the association or the court as known."""
        if self.data.addressee and self.data.addressee.name.strip():
            return self.data.addressee.name.strip()
        wanted = self.speech.addressee
        if wanted is AddresseeKind.PROVIDER:
            return self.data.provider.name
        if wanted is AddresseeKind.SUPERIOR:
            return self.data.provider.superior_name.strip()
        if wanted is AddresseeKind.ASSOCIATION:
            return self.letterhead.name
        if wanted is AddresseeKind.COURT:
            return self.court()
        return self.info.default_addressee.replace(BLANK, "")

    def court(self) -> str:
        if self.data.court_name.strip():
            return self.data.court_name.strip()
        if self.data.addressee and self.speech.addressee is AddresseeKind.COURT:
            return self.data.addressee.name.strip()
        return ""

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
        """Signer and the 成文日期 in Arabic numerals (§7.3.5: 2026年12月1日), the signer
        centred over the date, 右空四字. Never alone on a page (§7.3.5.1): the block is
        kept with the last two lines of text before it."""
        signer = clean_xml(signer if signer is not None else self.letterhead.name)
        when = figure_date(self.data.issued_on)
        name_text = f"{label}{signer}"
        gap = (len(when) - len(name_text)) / 2
        self.keep_with_next_lines()
        # one line: the seal's top lies within a line of the text (§7.3.5.1), pressed
        # down on the signer and the date
        self.para().paragraph_format.keep_with_next = True
        name = self.plain(name_text, align="right", right_indent_chars=4 + max(gap, 0))
        name.paragraph_format.keep_with_next = True
        self.plain(when, align="right", right_indent_chars=4 + max(-gap, 0))

    def keep_with_next_lines(self, count: int = 2) -> None:
        """Keep the last `count` paragraphs with text written so far, and the blank lines
        after them, with what comes next (a table's last row stands for its text)."""
        body = self.doc.element.body
        for child in reversed(body):
            if child.tag == qn("w:tbl"):
                rows = child.findall(qn("w:tr"))
                for p in rows[-1].iter(qn("w:p")) if rows else ():
                    p.get_or_add_pPr().keepNext_val = True
                return
            if child.tag != qn("w:p"):
                continue
            child.get_or_add_pPr().keepNext_val = True
            if any((t.text or "").strip() for t in child.iter(qn("w:t"))):
                count -= 1
                if count <= 0:
                    return

    def contact_note(self, *, address: bool = True) -> None:
        """附注: whom at the association to call (and, with `address`, where to write
        back). The 联系人 and phone are printed only when real; a sample or empty value
        leaves a visible ＿＿＿＿ to fill in; the phone never breaks at its hyphen."""
        lh, known = self.letterhead, self.style.letterhead.placeholders
        if self.doc.paragraphs:  # the note stays on the page of the signature and date
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True

        def real(value: str) -> str:
            return "" if is_placeholder(value, known) else value.strip()

        where = f"；地址：{self.return_address()}" if address and real(lh.address) else ""
        # whom to call, and where to write back (the letter format's masthead has no address)
        no_break_hyphens(self.plain(f"（联系人：{real(lh.signatory) or BLANK}，"
                                    f"联系电话：{real(lh.phone) or BLANK}{where}）",
                                    first_line=True))

    def return_address(self) -> str:
        """The association's address for replies and material (a sample value: ＿＿＿＿)."""
        value = self.letterhead.address
        return BLANK if is_placeholder(value, self.style.letterhead.placeholders) \
            else value.strip()

    def subject_title(self, *parts: str | Part, doc_type: str = "函") -> None:
        """A title that carries the subject (§7.3.1): 关于{parts}的{doc_type}, centred, in
        at most three balanced lines broken between its parts (filings.titles, §7.3.3);
        a plain string is a phrase kept whole."""
        pieces = [p if isinstance(p, Part) else Part(p) for p in parts]
        pieces = [Part(" ".join(clean_xml(p.text).split()), p.kind) for p in pieces]
        pieces = [p for p in pieces if p.text]
        if not pieces or not pieces[0].text.startswith("关于"):
            pieces.insert(0, Part("关于"))
        if not pieces[-1].text.endswith(f"的{doc_type}"):
            pieces.append(Part(f"的{doc_type}"))
        lines = title_lines(pieces, self.style.text_width_pt / self.style.sizes.title_pt)
        paragraph = self.para(style=self.title_style)
        for n, piece in enumerate(lines):
            if n:  # the break ends the line's own run: no run without the title's font
                paragraph.runs[-1].add_break()
            self.run(paragraph, piece, self.style.fonts.title, self.style.sizes.title_pt)

    def colophon(self, cc: Sequence[str] | None = None) -> None:
        """版记 at the foot of the last page (§7.4): 抄送：A，B。 (default: the data's
        `cc`), 4号 仿宋, one character in from each side, a wrapped line aligned after
        the colon. In the letter format that is all (§10.1: no 印发机关和印发日期, no
        rules); otherwise the rules (first and last thick, the middle thin) and the line
        印发机关 … 2026年12月1日印发 follow."""
        s = self.style
        names = [clause(n) for n in (self.data.cc if cc is None else cc) if clause(n)]
        if self.letter_format and not names:
            return
        char = s.sizes.colophon_pt
        width = s.text_width_pt
        if self.doc.paragraphs:  # on the page of the signature and the 附注, never alone
            self.doc.paragraphs[-1].paragraph_format.keep_with_next = True
        lines: list[Paragraph] = []
        if names:
            line = self.para(f"抄送：{'，'.join(names)}。", font=s.fonts.colophon,
                             size=char, style=self.normal)
            fmt = line.paragraph_format
            fmt.left_indent, fmt.right_indent = Pt(4 * char), Pt(char)
            fmt.first_line_indent = Pt(-3 * char)
            lines.append(line)
        if not self.letter_format:
            issuer = clean_xml(self.style.letterhead.issuer).strip() or self.letterhead.name
            line = self.para(style=self.normal)
            self.run(line, clean_xml(issuer), s.fonts.colophon, char)
            line.add_run().add_tab()
            self.run(line, f"{figure_date(self.data.issued_on)}印发", s.fonts.colophon, char)
            fmt = line.paragraph_format
            fmt.left_indent = Pt(char)
            fmt.tab_stops.add_tab_stop(Pt(width - char), WD_TAB_ALIGNMENT.RIGHT)
            lines.append(line)
        thick = pt_eighths(s.colophon.thick_rule_mm)
        thin = pt_eighths(s.colophon.thin_rule_mm)
        for n, line in enumerate(lines):
            fmt = line.paragraph_format
            fmt.keep_together = fmt.keep_with_next = True  # and with the signature
            fmt.keep_with_next = n < len(lines) - 1
            fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            ppr = line._p.get_or_add_pPr()
            if self.letter_format:
                # one line under the 附注, in the text: a frame at the page foot breaks
                # LibreOffice's keep chain, leaving the 附注 and 抄送 alone on a page
                fmt.space_before = Pt(s.grid.line_pitch_pt)
                continue
            # at the bottom of the type area: the last rule on its lower edge (§7.4.1)
            put_frame(ppr, frame(width * MM_PER_PT, y='w:yAlign="bottom" w:vAnchor="margin"',
                                 h_anchor="margin"))
            edges = []
            if n == 0:
                edges.append(edge("top", "single", thick, s.colors.text))
            edges.append(edge("bottom", "single", thick if n == len(lines) - 1 else thin,
                               s.colors.text))
            ppr.insert_element_before(parse_xml(
                f'<w:pBdr {nsdecls("w")}>{"".join(edges)}</w:pBdr>'), *AFTER_PBDR)

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
        self.para("，".join(parts) + "。")

    def provider_lines(self, role: str = "被投诉人", *, representative: bool = False) -> None:
        p = self.data.provider
        parts = [f"{role}：{p.name}"]
        if p.uscc.strip():
            parts.append(f"统一社会信用代码：{p.uscc}")
        if p.address.strip():
            parts.append(f"住所地：{p.address}")
        if representative:
            head = p.legal_representative.strip() or BLANK
            parts.append(f"{representative_title(p.name)}：{head}")
        self.para("，".join(parts) + "。")

    def categories_text(self) -> str:
        return "、".join(clean_xml(c).replace("/", "、") for c in self.data.categories
                        if str(c).strip() and c != "其他")

    def demands(self, *, closing: str = "", court: bool = False, total: bool = True) -> None:
        """Numbered demands, money in figures and 大写, then the total of two sums or more
        (unless `total` is false). For a court (`court`), each demand reads 判令被告…;
        `closing` is a last item."""
        items = [d for d in self.data.demands if clean_xml(d.text).strip() or d.amount_fen]
        if court:  # a court decides civil claims; asking for a regulator's action is none
            items = [d for d in items if d.amount_fen or not ADMINISTRATIVE.search(d.text)]
        for number, demand in enumerate(items, 1):
            text = " ".join(clean_xml(demand.text).split()).rstrip("；;。.，,")
            if court and not text.startswith(("判令", "请求", "确认", "依法")):
                text = "判令" + (text if text.startswith("被告") else f"被告{text}")
            if demand.amount_fen is not None:  # the sum once, in figures and in 大写
                text = AMOUNT.sub("", text).rstrip("，, ") + f"，计人民币{money(demand.amount_fen)}"
            self.para(f"{number}. {text}；" if number < len(items) or closing else
                      f"{number}. {text}。")
        if closing:
            self.para(f"{len(items) + 1}. {closing}。")
        self._total(items, total)
        if not items and not closing:
            self.para(f"（请补充：请求事项）{BLANK}")

    def _total(self, items: Sequence[Demand], total: bool) -> None:
        """The 合计 of the money asked (two sums or more); a waiver's sum is no money."""
        pairs = [(d.text, d.amount_fen) for d in items]
        if not total or sum(1 for t, fen in pairs if fen and not waives(t)) < 2:
            return  # a single sum is no total
        payable = money(payable_fen(pairs))
        self.para(endings()["agreement"]["total_but_waived"].format(sum=payable)
                  if waived_fen(pairs) else f"以上金额合计人民币{payable}。")

    def total_fen(self) -> int:
        return sum(d.amount_fen or 0 for d in self.data.demands)

    def contacts(self, *, heading: str = "", lead: str = "", tickets: bool = True) -> None:
        """处理经过 (``filings.contacts``): the contacts this paper's addressee reads, one
        sentence each, under `heading` (or after a `lead` paragraph); nothing when none."""
        lines = contact_sentences(self.kind, self.data, tickets=tickets,
                                  association=self.association_word())
        if lines and heading:
            self.heading(heading)
        if lines and lead:
            self.para(lead)
        for line in lines:
            self.para(line)

    def attachment_note(self, titles: Sequence[str] = (EVIDENCE_ATTACHMENT,)) -> None:
        """附件说明 (§7.3.4), one blank line under the body: 附件：证据清单, or numbered
        附件：1.证据清单 / 2.… when there are several; a long name wraps under its first
        character (hanging indent); the names take no closing punctuation."""
        names = [clause(t) for t in titles if clause(t)
                 and (t != EVIDENCE_ATTACHMENT or self.data.evidence)]  # no empty list sent
        if not names:
            return
        char = self.style.sizes.body_pt
        self.keep_with_next_lines(1)  # the whole list stays with the body's last paragraph
        self.para(style=self.normal).paragraph_format.keep_with_next = True
        numbered = len(names) > 1
        for n, name in enumerate(names, 1):
            number = f"{n}." if numbered else ""
            head = "附件：" if n == 1 else ""
            paragraph = self.plain(f"{head}{number}{name}")
            fmt = paragraph.paragraph_format
            # the names align 2 (左空二字) + 3 (附件：) + 1 (a half-width "n.") characters in
            hang = 3 + (1 if numbered else 0)
            fmt.left_indent = Pt((2 + hang) * char)
            fmt.first_line_indent = Pt(-(hang if n == 1 else 1 if numbered else 0) * char)
            fmt.keep_together = fmt.keep_with_next = True  # and with the signature

    def shop_voiced(self, text: str) -> str:
        """A shop's court paper speaks of the 个体工商户 as 原告 (voice.as_shop)."""
        c = self.data.complainant
        shop = clause(c.merchant_name) if c.kind == "merchant" else ""
        return as_shop(text, self.kind, self.speech.role, clause(c.name), shop)

    def voiced(self, text: str) -> str:
        """A short text about the parties in this document's voice: 投诉人 → 原告 in a
        pleading, 申请人 in a mediation application."""
        return self.speech.parties(text)

    def evidence_attachment(self) -> None:
        """The evidence list on a new page, as 附件 (none when there is no evidence)."""
        if not self.data.evidence:
            return
        first = self.plain("附件", font=self.style.fonts.heading1)  # 黑体, 顶格
        first.paragraph_format.page_break_before = True
        self.title("证据清单")
        self.evidence_table()

    def evidence_table(self) -> None:
        """序号 | 证据名称 | 证据来源 | 证明对象 | 页数 | 原件/复印件, header repeated; and
        页码 when the items' pages in the evidence binder are known."""
        in_binder = any(e.binder_pages is not None for e in self.data.evidence)
        columns = EVIDENCE_COLUMNS + ((BINDER_COLUMN,) if in_binder else ())
        rows = [(str(i), self.voiced(e.title), self.voiced(e.source), self.voiced(e.proves),
                 "" if e.pages is None else str(e.pages), original_label(e.original, e.carrier),
                 *((range_text(e.binder_pages),) if in_binder else ()))
                for i, e in enumerate(self.data.evidence, 1)]
        if not rows:
            rows = [("", "（暂无证据）", *[""] * (len(columns) - 2))]
        fixed_table(self, columns, rows)

    def narrative(self, *, reported: bool | None = None, skip: Sequence[str] = ()) -> None:
        """The complainant's statement in this document's voice (``filings.voice``): a
        letter of the association reports it ("据投诉人反映："), a pleading states it."""
        speech, d = self.speech, self.data
        paragraphs = revoice(clean_xml(facts_text(d.narrative, d.contract_clause)), speech,
                             to_association=speech.addressee is AddresseeKind.ASSOCIATION,
                             association=self.association_word())
        paragraphs = [self.shop_voiced(p) for p in paragraphs]
        shown = {" ".join(self.shop_voiced(t).split()) for t in skip if t.strip()}
        paragraphs = [p for p in paragraphs if " ".join(p.split()) not in shown] or paragraphs
        if not paragraphs:
            self.para(f"（请补充：事实与理由）{BLANK}")
            return
        if speech.reported if reported is None else reported:
            self.para(f"据{speech.role}反映：")
        for paragraph in paragraphs:
            self.para(paragraph)

    def association_word(self) -> str:
        """How the document names the association: 本会 in its own papers, else its name."""
        if self.info.voice is Voice.COMPLAINANT:
            return self.data.association_name or self.letterhead.name
        return "本会"

    def lines_or_ask(self, text: str, missing: str) -> None:
        """The text, or a visible request to fill in what is missing."""
        if clean_xml(text).strip():
            self.lines(text)
        else:
            self.para(f"（请补充：{missing}）{BLANK}")


# (header, width in pt of the 442 pt type area, centred): 原件/复印件 on one line at 12 pt
EVIDENCE_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("序号", 32, True), ("证据名称", 96, False), ("证据来源", 68, False),
    ("证明对象", 96, False), ("页数", 32, True), ("原件/复印件", 76, True))
BINDER_COLUMN = ("页码", 42, True)  # the item's pages in the evidence binder: 3–5


__all__ = ["Writer", "anonymous", "article_body", "clause", "money", "ordinal", "outcome_label",
           "representative_title", "stage_text", "wording"]
