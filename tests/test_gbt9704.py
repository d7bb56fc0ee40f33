"""The filings against GB/T 9704-2012 (党政机关公文格式), read back from the .docx: page
numbers odd right / even left (§7.5), the letter format's first page (§10.1), the 成文日期
in Arabic numerals (§7.3.5), the signature kept with the body (§7.3.5.1), the 附件说明
(§7.3.4), the 版记 (§7.4), titles with the subject (§7.3.1) and letterhead placeholders;
with LibreOffice, the signature's page and the page numbers' sides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.test_filings import _office, _poppler, _to_pdf, read_back, sample, texts
from workbench.filings import FilingKind, Letterhead, build, write
from workbench.filings.apply import styled_document
from workbench.filings.documents import BLANK, DOCX_KINDS, Provider
from workbench.filings.fit import em_width
from workbench.filings.layout import Writer
from workbench.filings.style import is_placeholder, load_style, placeholder_problems
from workbench.filings.titles import Part, name_breaks, name_part, never_split, title_lines

TWIPS_PER_MM = 72 / 25.4 * 20


def writer(kind: FilingKind = FilingKind.COMPLAINT_LETTER_PROVIDER, **changes: Any) -> Writer:
    style = load_style()
    return Writer(styled_document(style), style, kind, sample(**changes))


def paragraph_with(document: Any, text: str) -> Any:
    for p in document.element.body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))) == text:
            return p
    raise AssertionError(f"no paragraph {text!r}")


def keeps_next(p: Any) -> bool:
    ppr = p.pPr
    return ppr is not None and ppr.keepNext_val is True


# --- page numbers (§7.5) -------------------------------------------------------------------

def test_page_numbers_odd_right_even_left_one_character_in(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.CIVIL_COMPLAINT, tmp_path)
    assert document.settings.odd_and_even_pages_header_footer
    settings = document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = document.sections[0]
    one_char = Pt(14)  # 4号
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert odd.paragraph_format.right_indent == one_char
    assert not odd.paragraph_format.left_indent
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert even.paragraph_format.left_indent == one_char
    assert not even.paragraph_format.right_indent
    for footer in (odd, even):
        xml = footer._p.xml
        assert "PAGE" in xml and footer.text.startswith("— ") and footer.text.endswith(" —")
        fonts = [r._r.rPr.rFonts for r in footer.runs]
        assert all(f.get(qn("w:eastAsia")) == "宋体" == f.get(qn("w:ascii")) for f in fonts)
        assert all(r.font.size == Pt(14) for r in footer.runs)
    # a pleading is no letter: its first page shows its number
    assert not section.different_first_page_header_footer


# --- the letter format's first page (§10.1) --------------------------------------------------

def test_letter_format_first_page(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.COMPLAINT_LETTER_PROVIDER, tmp_path)
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_footer._element.xml  # 首页不显示页码

    name = document.paragraphs[0]
    assert name.text == "某某市消费者协会"
    frame = name._p.pPr.find(qn("w:framePr"))
    assert frame.get(qn("w:vAnchor")) == "page" and frame.get(qn("w:xAlign")) == "center"
    assert abs(int(frame.get(qn("w:y"))) - 30 * TWIPS_PER_MM) < 2  # 上边缘至上页边30mm
    assert abs(int(frame.get(qn("w:w"))) - 170 * TWIPS_PER_MM) < 2  # 线长170mm
    bottom = name._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:val")) == "thickThinSmallGap"  # 上粗下细
    assert bottom.get(qn("w:color")) == "FF0000"
    assert name.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert name.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"

    rules = [p for p in document.element.body.iter(qn("w:p"))
             if p.pPr is not None and p.pPr.find(qn("w:framePr")) is not None
             and p.pPr.find(qn("w:pBdr")) is not None
             and p.pPr.find(qn("w:pBdr")).find(qn("w:top")) is not None]
    assert len(rules) == 1  # the rule 20 mm above the page bottom
    low = rules[0].pPr.find(qn("w:framePr"))
    assert abs(int(low.get(qn("w:y"))) - 277 * TWIPS_PER_MM) < 2
    assert rules[0].pPr.find(qn("w:pBdr")).find(qn("w:top")).get(qn("w:val")) \
        == "thinThickSmallGap"  # 上细下粗

    number = document.paragraphs[1]
    assert number.text == "某消协函〔2026〕12号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.RIGHT  # 顶格居版心右边缘
    assert not number.paragraph_format.right_indent


# --- 成文日期 and the signature (§7.3.5) -------------------------------------------------------

@pytest.mark.parametrize("kind", list(DOCX_KINDS))
def test_every_kind_is_dated_in_arabic_numerals(kind: FilingKind, tmp_path: Path) -> None:
    document, _ = read_back(kind, tmp_path)
    lines = texts(document)
    assert "2026年11月26日" in lines
    assert not any(re.search("[〇零][一二三四五六七八九〇零]*年", line) for line in lines)


def test_the_signature_is_kept_with_the_last_lines_of_the_body() -> None:
    w = writer()
    w.para("正文倒数第二段。")
    w.para("正文最后一段。")
    w.attachment_note()
    w.signature()
    body = list(w.doc.element.body.iter(qn("w:p")))
    last = body.index(paragraph_with(w.doc, "正文最后一段。"))
    chain = body[last:]
    date_p = paragraph_with(w.doc, "2026年11月26日")
    assert not keeps_next(paragraph_with(w.doc, "正文倒数第二段。"))  # two lines of text
    assert all(keeps_next(p) for p in chain if p is not date_p), [p.xml for p in chain]
    assert not keeps_next(date_p)
    assert keeps_next(paragraph_with(w.doc, "附件：证据清单"))
    assert keeps_next(paragraph_with(w.doc, "某某市消费者协会"))


def test_a_list_of_attachments_is_kept_whole_with_the_signature() -> None:
    """072: "附件：1.证据清单" ended p.3 and items 2-4 stood with the signature on p.4, a
    page without 正文: the whole 附件 block is kept with the body's last paragraph."""
    w = writer(FilingKind.SUPPORT_OPINION)
    w.para("正文倒数第二段。")
    w.para("正文最后一段。")
    w.attachment_note(["证据清单", "登记证书复印件", "法定代表人身份证明书", "授权委托书"])
    w.signature()
    body = list(w.doc.element.body.iter(qn("w:p")))
    chain = body[body.index(paragraph_with(w.doc, "正文最后一段。")):]
    date_p = paragraph_with(w.doc, "2026年11月26日")
    assert all(keeps_next(p) for p in chain if p is not date_p), [p.xml for p in chain]
    assert not keeps_next(paragraph_with(w.doc, "正文倒数第二段。"))


def test_the_signature_is_kept_with_a_table_before_it() -> None:
    w = writer(FilingKind.EVIDENCE_LIST)
    w.evidence_table()
    w.signature("张三", "提交人：")
    last_row = w.doc.tables[-1].rows[-1]
    assert all(keeps_next(p._p) for cell in last_row.cells for p in cell.paragraphs)


# --- 附件说明 (§7.3.4) ------------------------------------------------------------------------

def test_attachment_note_numbers_several_and_hangs_the_names() -> None:
    w = writer()
    w.para("正文。")
    w.attachment_note(["证据清单", "授权委托书。"])
    lines = texts(w.doc)
    at = lines.index("附件：1.证据清单")
    assert lines[at - 1] == ""  # one blank line under the body
    assert lines[at + 1] == "2.授权委托书"  # no closing punctuation
    first = paragraph_with(w.doc, "附件：1.证据清单")
    second = paragraph_with(w.doc, "2.授权委托书")
    one = 16 * 12700  # one 3号 character in EMU
    fmt1 = docx.text.paragraph.Paragraph(first, None).paragraph_format
    fmt2 = docx.text.paragraph.Paragraph(second, None).paragraph_format
    # the names start 2 + 3 + 1 characters in; 附件 starts 左空二字, the number hangs
    assert fmt1.left_indent == fmt2.left_indent == 6 * one
    assert fmt1.first_line_indent == -4 * one and fmt2.first_line_indent == -1 * one

    single = writer()
    single.attachment_note()
    assert "附件：证据清单" in texts(single.doc)


# --- 版记 (§7.4, §10.1) ---------------------------------------------------------------------

def test_colophon_in_the_letter_format_is_the_copy_line_only() -> None:
    w = writer(cc=("某某银行股份有限公司", "某某市市场监督管理局。"))
    w.masthead()
    w.colophon()
    line = paragraph_with(w.doc, "抄送：某某银行股份有限公司，某某市市场监督管理局。")
    # in the text, a line under the 附注 and kept with it (a frame at the page foot broke
    # LibreOffice's keep chain: the 附注 and 抄送 stood alone on the last page)
    assert line.pPr.find(qn("w:framePr")) is None
    assert docx.text.paragraph.Paragraph(line, None).paragraph_format.space_before == Pt(
        w.style.grid.line_pitch_pt)
    assert line.pPr.find(qn("w:pBdr")) is None  # §10.1: no rules
    assert not any("印发" in t for t in texts(w.doc))
    fmt = docx.text.paragraph.Paragraph(line, None).paragraph_format
    assert fmt.left_indent == Pt(4 * 14) and fmt.first_line_indent == Pt(-3 * 14)
    assert fmt.right_indent == Pt(14)
    run = docx.text.paragraph.Paragraph(line, None).runs[0]
    assert run.font.size == Pt(14)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"

    none = writer()
    none.masthead()
    before = len(texts(none.doc))
    none.colophon()  # nothing to copy to: no 版记 at all
    assert len(texts(none.doc)) == before


def test_colophon_outside_the_letter_format_has_rules_and_the_issuer(tmp_path: Path) -> None:
    override = tmp_path / "house.toml"
    override.write_text('[letterhead]\nissuer = "甲市消费者协会办公室"\n', encoding="utf-8")
    style = load_style(override)
    w = Writer(styled_document(style), style, FilingKind.CLOSING_REPORT, sample())
    w.colophon(["某某银行股份有限公司"])
    lines = texts(w.doc)
    assert lines[-2:] == ["抄送：某某银行股份有限公司。", "甲市消费者协会办公室2026年11月26日印发"]
    cc, issued = (paragraph_with(w.doc, t) for t in lines[-2:])
    assert issued.xpath("./w:r/w:tab")  # the date at a right tab stop, 右空一字

    def edges(p: Any) -> dict[str, str]:
        border = p.pPr.find(qn("w:pBdr"))
        return {child.tag.split("}")[1]: child.get(qn("w:sz")) for child in border}

    # first and last rules thick (0.35 mm ≈ 1 pt = 8), the middle thin (0.25 mm = 6)
    assert edges(cc) == {"top": "8", "bottom": "6"}
    assert edges(issued) == {"bottom": "8"}
    assert keeps_next(cc) and not keeps_next(issued)


# --- titles (§7.3.1) ----------------------------------------------------------------------------

LONG_NAME = "深圳市某某信息科技服务有限公司第三分公司"  # 20 characters: never on one line
TITLED_KINDS = (FilingKind.COMPLAINT_LETTER_PROVIDER, FilingKind.COMPLAINT_LETTER_SUPERIOR,
                FilingKind.SAMR_REPORT, FilingKind.INDUSTRY_REPORT, FilingKind.PRESS_BRIEF)
# the words our titles are made of: a line may end before or after one, never inside
TITLE_WORDS = ("关于", "协调处理", "督促处理", "涉嫌", "举报信", "情况反映", "说明", "投诉情况",
               "有限公司", "分公司", "第三分公司", "深圳市", "某某", "信息科技服务", "支付",
               "科技", "银行", "股份有限公司", "POS机", "激活", "返现", "问题", "流量卡", "年费",
               "未明示", "收费", "扣收", "个人信息", "保护", "争议", "押金", "激活费", "服务费",
               "交易", "商户", "信息不实", "跳码", "刷卡", "费率", "调整", "承诺", "诱导", "办理",
               "机具", "结算款", "到账", "系统", "升级", "退还")


def title_of(document: Any) -> list[str]:
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    return title.text.split("\n")


def splits_a_word(lines: list[str]) -> list[str]:
    """The words a line break falls inside."""
    text, cuts, at = "".join(lines), set(), 0
    for line in lines[:-1]:
        at += len(line)
        cuts.add(at)
    words = set(TITLE_WORDS) | set(never_split())
    return sorted(w for w in words for i in range(len(text))
                  if text.startswith(w, i) and any(i < c < i + len(w) for c in cuts))


@pytest.mark.parametrize("kind", TITLED_KINDS, ids=lambda k: k.value)
@pytest.mark.parametrize("categories", [("个人信息泄露",), ("激活返现未兑现", "押金/激活费/服务费"),
                                        ("流量卡/SIM年费",), ("跳码",), ("其他",), ()])
def test_titles_break_between_words_in_balanced_lines(kind: FilingKind,
                                                      categories: tuple[str, ...],
                                                      tmp_path: Path) -> None:
    """GB/T 9704 §7.3.3 回行时要做到词意完整，排列对称: a long provider name and a long
    subject (a category's, or the case's own title) break between words, in lines that
    fit the measure (each kept by an explicit break) and are balanced."""
    style = load_style()
    per_line = style.text_width_pt / style.sizes.title_pt
    long_party = Provider(LONG_NAME, "", "深圳市福田区某某大厦", "某某银行股份有限公司", "")
    data = sample(provider=long_party, categories=categories,
                  respondent=Provider("样例安捷支付科技有限公司", "", "", "", ""),
                  case_title="服务商以系统升级为名多次扣收费用且拒不退还押金和激活费")
    document, _ = read_back(kind, tmp_path, data)
    lines = title_of(document)
    assert 1 <= len(lines) <= 3, lines
    assert all(em_width(line) <= per_line for line in lines), lines
    assert not splits_a_word(lines), (lines, splits_a_word(lines))
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert len(title._p.findall(".//" + qn("w:br"))) == len(lines) - 1
    if len(lines) == 2:  # balanced: the shorter line at least a third of the longer
        assert min(map(em_width, lines)) >= max(map(em_width, lines)) / 3, lines
    if len(lines) == 3:  # a 菱形 or 梯形, never an hourglass
        assert em_width(lines[1]) >= min(em_width(lines[0]), em_width(lines[2])), lines


def test_the_reviewed_titles_break_as_a_reader_would() -> None:
    """Round 3 NEW-3: "…有限公司激 / 活返现未兑现问题" and "…问 / 题的情况反映" no more."""
    per_line = load_style().text_width_pt / load_style().sizes.title_pt
    cases = {
        (name_part("某某云收支付科技有限公司"), Part("涉嫌"), Part("未明示收费扣收流量卡年费"),
         Part("的举报信")):
            ["关于某某云收支付科技有限公司涉嫌", "未明示收费扣收流量卡年费的举报信"],
        (name_part("南京市演示宏图企业管理咨询有限公司"), Part("激活返现未兑现问题"),
         Part("的情况反映")):
            ["关于南京市演示宏图企业管理咨询有限公司", "激活返现未兑现问题的情况反映"],
        (name_part(LONG_NAME), Part("POS机激活返现争议"), Part("的情况反映")):
            ["关于深圳市某某信息科技服务有限公司", "第三分公司POS机激活返现争议的情况反映"],
        (Part("POS机刷卡费率调整争议"), Part("投诉情况"), Part("的说明")):
            ["关于POS机刷卡费率调整争议", "投诉情况的说明"],
        (Part("协调处理"), Part("POS机流量卡年费争议"), Part("的函")):
            ["关于协调处理POS机流量卡年费争议的函"],
        (name_part("样例安捷支付科技有限公司"), Part("涉嫌"), Part("以“激活返现”承诺诱导办理机具"),
         Part("的举报信")):  # the document's name never stands alone on a line
            ["关于样例安捷支付科技有限公司涉嫌", "以“激活返现”承诺诱导办理机具的举报信"],
    }
    for parts, lines in cases.items():
        assert title_lines([Part("关于"), *parts], per_line) == lines


def test_a_providers_name_breaks_after_its_place_its_trade_name_or_its_form() -> None:
    assert name_breaks(LONG_NAME) == [3, 5, 15]  # 深圳市 | 某某 | 信息科技服务有限公司 | 第三分公司
    assert name_breaks("演示农村商业银行股份有限公司") == [2]
    assert name_breaks("样例城市商业银行股份有限公司") == [2]  # 城市 is no 市
    assert name_breaks("广东省深圳市某某科技有限公司") == [3, 6, 8]
    assert name_breaks("好运来面馆") == []


def test_subject_title_adds_what_is_missing_once() -> None:
    w = writer()
    w.subject_title("关于转送投诉材料的函")  # already whole: nothing doubled
    assert w.doc.paragraphs[-1].text == "关于转送投诉材料的函"
    w.subject_title("协调处理", "POS机流量卡年费争议")
    title = w.doc.paragraphs[-1]
    assert title.style.name == "Title"
    assert title.text == "关于协调处理POS机流量卡年费争议的函"


# --- the letterhead's placeholders ------------------------------------------------------------

def test_the_shipped_letterhead_is_all_placeholders() -> None:
    problems = placeholder_problems(load_style().letterhead)
    assert len(problems) == 5
    joined = "\n".join(problems)
    for key in ("name", "address", "signatory", "phone", "doc_number_template"):
        assert f"[letterhead] {key}" in joined
    assert "联系人未填写" in joined and "“某某市消费者协会”" in joined


def test_a_real_letterhead_has_no_problems(tmp_path: Path) -> None:
    override = tmp_path / "house.toml"
    override.write_text('[letterhead]\nname = "甲市消费者协会"\naddress = "甲市乙路2号"\n'
                        'phone = "0571-1234567"\nsignatory = "王五"\n'
                        'doc_number_template = "甲消协函〔{year}〕{n}号"\n', encoding="utf-8")
    style = load_style(override)
    assert placeholder_problems(style.letterhead) == []
    w = Writer(styled_document(style), style, FilingKind.COMPLAINT_LETTER_PROVIDER, sample())
    w.contact_note()
    assert texts(w.doc)[-1] == "（联系人：王五，联系电话：0571-1234567；地址：甲市乙路2号）"
    # the phone's hyphen is held by word joiners: the number never breaks over two lines
    assert "0571\u2060-\u20601234567" in w.doc.paragraphs[-1].text


@pytest.mark.parametrize(("value", "sample_value"), [
    ("", True), ("  ", True), ("0000-00000000", True), ("０００", True), ("经办人", True),
    ("＿＿＿＿", True), ("某某市某某区", True), ("0571-1234567", False), ("王五", False)])
def test_is_placeholder(value: str, sample_value: bool) -> None:
    assert is_placeholder(value, load_style().letterhead.placeholders) is sample_value


def test_contact_note_never_prints_a_sample_as_real() -> None:
    w = writer()
    w.contact_note()
    assert texts(w.doc)[-1] == f"（联系人：{BLANK}，联系电话：{BLANK}）"
    old = writer(letterhead=Letterhead("某某市消费者协会", "某某市某某区某某路 1 号",
                                       "0000-00000000", "经办人"))
    old.contact_note()
    assert texts(old.doc)[-1] == f"（联系人：{BLANK}，联系电话：{BLANK}）"


@pytest.mark.parametrize(("content", "message"), [
    ("[footer]\nindent_chars = 20\n", "'footer.indent_chars' must be between 0 and 10"),
    ('[letterhead]\nplaceholders = "x"\n', "'letterhead.placeholders' must be a list"),
    ("[letter]\nrule_length_mm = 300\n", "'letter.rule_length_mm' must not exceed"),
])
def test_new_style_keys_are_validated(tmp_path: Path, content: str, message: str) -> None:
    override = tmp_path / "bad.toml"
    override.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        load_style(override)


# --- LibreOffice -------------------------------------------------------------------------------

# A line of the narrative fills one line (26 characters after the 2-character indent).
LINE = "一二三四五六七八九十" * 2 + "一二三四五六"
SIGNER, DATE = "某某市消费者协会", "2026 年 11 月 26 日"


def _signature_page(pdf: Path) -> tuple[int, list[str]]:
    pages = _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")
    for number, page in enumerate(pages, 1):
        rows = [r.strip() for r in page.splitlines() if r.strip()]
        if DATE in rows:
            return number, rows[:rows.index(SIGNER)]
    raise AssertionError("no signature")


@pytest.mark.slow
@pytest.mark.parametrize("lines", [3, 4, 5])
def test_libreoffice_never_leaves_the_signature_alone(lines: int, tmp_path: Path) -> None:
    """With the sample letter and 4 such lines (the fonts of CI), the page break falls just
    before the 附件说明: without the keep chain the signature stands under it alone."""
    office = _office()
    data = sample(narrative="\n".join([LINE] * lines))
    source = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), tmp_path, "letter")
    pdf = _to_pdf(office, source, tmp_path)
    number, before = _signature_page(pdf)
    body = [r for r in before if not r.startswith("附件") and not re.fullmatch(r"—\s*\d+\s*—", r)]
    assert body, f"page {number} holds the signature without a line of the body: {before}"


@pytest.mark.slow
def test_libreoffice_puts_even_page_numbers_left_and_odd_right(tmp_path: Path) -> None:
    office = _office()
    source = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, sample()), tmp_path, "letter")
    pdf = _to_pdf(office, source, tmp_path)
    bbox = _poppler("pdftotext", "-bbox", str(pdf), "-")
    numbers: dict[int, float] = {}
    for number, page in enumerate(bbox.split("<page ")[1:], 1):
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', page)
        for x_min, y_min, word in words:
            # the footer lies below the type area (35 mm from the page bottom)
            if word.strip("—") == str(number) and float(y_min) > 842 - 35 / 25.4 * 72:
                numbers[number] = float(x_min)
    assert 1 not in numbers  # the letter's first page has no number
    width_pt = 210 / 25.4 * 72
    left_edge, right_edge = 28 / 25.4 * 72, width_pt - 26 / 25.4 * 72
    assert numbers[2] < left_edge + 40  # even: one character in from the left
    assert numbers[2] > left_edge + 5
    assert numbers[3] > right_edge - 60  # odd: right


@pytest.mark.slow
def test_libreoffice_prints_every_mark_at_a_line_end(tmp_path: Path) -> None:
    """A 。 or ， falling 29th on a line is compressed to fit, not hung past the margin
    (where LibreOffice dropped it from the page: review round 3): the PDF holds every
    mark of the .docx, and a full line still holds 28 characters (and a mark)."""
    office = _office()
    # 26 characters fill a first line after the indent: the mark falls 27th
    lines = ["甲乙丙丁戊己庚辛壬癸" * 2 + "子丑寅卯辰巳" + mark for mark in "。，、；"]
    data = sample(narrative="\n".join(lines * 3))
    source = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), tmp_path, "letter")
    pdf = _to_pdf(office, source, tmp_path)
    marks = "。，、；：（）“”"
    in_docx = "".join(texts(docx.Document(str(source))))
    in_pdf = _poppler("pdftotext", str(pdf), "-")
    for mark in marks:
        assert in_pdf.count(mark) == in_docx.count(mark), mark
    widths = [len(re.findall(r"[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff“”]", row))
              for row in in_pdf.splitlines()]
    assert 28 <= max(widths) <= 30  # 28 a line, a compressed mark or two more


@pytest.mark.slow
@pytest.mark.parametrize("lines", [3, 4, 5, 6])
def test_libreoffice_keeps_the_note_and_the_copy_line_with_the_signature(
        lines: int, tmp_path: Path) -> None:
    """Review round 3: the 附注 and 抄送 stood alone on a letter's last page."""
    office = _office()
    # no evidence: no attachment, so the 版记 closes the letter itself
    data = sample(narrative="\n".join([LINE] * lines), cc=("某某银行股份有限公司",), evidence=[])
    source = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), tmp_path, "letter")
    pdf = _to_pdf(office, source, tmp_path)
    pages = [re.sub(r"\s+", "", page) for page in
             _poppler("pdftotext", "-layout", str(pdf), "-").split("\f")]
    date = re.sub(r"\s+", "", DATE)
    [page] = [p for p in pages if date in p]
    assert "联系人" in page and "抄送：某某银行股份有限公司" in page


# --- codes and case numbers in running text ---------------------------------------------------

def test_a_case_number_is_held_together_at_its_hyphens() -> None:
    """088: "TS-2026- / 000088" broke at the hyphen; every code with a hyphen between
    letters or digits is joined (U+2060), once, wherever a paragraph is written."""
    w = writer()
    p = w.para("本会案件编号：TS-2026-000088，机型MP-70，电话010-12315000。")
    assert "TS\u2060-\u20602026\u2060-\u2060000088" in p.text
    assert "MP\u2060-\u206070" in p.text and "010\u2060-\u206012315000" in p.text
    plain = w.para("2026年—2027年，甲-乙")  # a dash and a hyphen between Chinese: untouched
    assert plain.text == "2026年—2027年，甲-乙"
    from workbench.filings.ooxml import no_break_hyphens
    no_break_hyphens(p)  # joining twice adds nothing
    assert "TS\u2060-\u20602026\u2060-\u2060000088" in p.text


def test_a_paragraph_with_a_long_code_is_not_stretched() -> None:
    """A code that cannot break is pushed whole to the next line; justified, the line
    before it is letter-spaced ("技 有 限 公 司 ， 统 一 社 会 信 用 代 码 ："): such a
    paragraph is set flush left, the others stay justified (the body style)."""
    w = writer()
    coded = w.para("被举报人：某某云收支付科技有限公司，统一社会信用代码：91420106A3WX3JC39Y。")
    case = w.para("本会在处理投诉一案（本会案件编号：TS-2026-000088）中发现。")
    amount = w.para("投诉人按要求于2026年2月14日完成激活，当月交易100,000元。")
    prose = w.para("2026年3月17日，投诉人的结算款中被扣除99元，费率0.38%。")
    assert coded.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert case.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert amount.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT  # 040
    assert prose.paragraph_format.alignment is None  # the body style's justification
    centred = w.plain("TS-2026-000088", align="right")
    assert centred.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.slow
def test_libreoffice_never_breaks_a_case_number_or_letter_spaces_a_line(tmp_path: Path) -> None:
    office = _office()
    uscc = "91420106A3WX3JC39Y"
    lines = [f"甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未{'申' * n}统一社会信用代码：{uscc}，"
             f"案件编号：TS-2026-000088。" for n in range(8)]
    data = sample(narrative="\n".join(lines))
    source = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), tmp_path, "letter")
    pdf = _to_pdf(office, source, tmp_path)
    text = _poppler("pdftotext", "-layout", str(pdf), "-")
    rows = [r.strip() for r in text.splitlines() if r.strip()]
    assert not any(r.endswith(("TS-", "TS-2026-")) for r in rows), rows
    assert text.count("TS-2026-000088") == len(lines)
    spaced = [r for r in rows if re.search(r"(?:[\u4e00-\u9fff：，] ){6}", r)]
    assert not spaced, spaced
