"""Filings (.docx): every kind built, written and read back with python-docx; the house
style in the XML; hostile text; atomic, non-overwriting writes; and, where LibreOffice is
installed (CI installs it), every kind converted to PDF and checked with poppler."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from workbench.domain.ladder import Stage
from workbench.filings import (
    KINDS,
    Addressee,
    Complainant,
    ContactEntry,
    Demand,
    EvidenceItem,
    FilingData,
    FilingKind,
    Letterhead,
    Provider,
    build,
    clean_xml,
    kinds_for_stage,
    write,
)
from workbench.filings.apply import apply_house_style, run_font
from workbench.filings.documents import DOCX_KINDS, GROUP_KINDS, NOTICE_DECISION
from workbench.filings.style import load_style

THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
EVIDENCE_HEADER = ["序号", "证据名称", "证据来源", "证明对象", "页数", "原件/复印件"]
ASSOCIATION_KINDS = [info.kind for info in KINDS if info.voice == "association"]
# The acceptance decision's notices are short letters: no narrative, demands or evidence
# (tests/test_notices.py reads them back).
NOTICES = frozenset(NOTICE_DECISION)
APT_HINT = ("apt-get install -y --no-install-recommends libreoffice-writer-nogui "
            "fonts-noto-cjk poppler-utils")


def sample(**changes: Any) -> FilingData:
    values: dict[str, Any] = dict(
        doc_no="某消协函〔2026〕12号",
        issued_on=date(2026, 11, 26),
        complainant=Complainant("张三", "merchant", "110***********1234", "138****5678",
                                "某某市某某区幸福路8号", "张三便利店", "898110012345678"),
        provider=Provider("某某支付有限公司", "91110000MA01ABCDE1", "北京市朝阳区某某大厦",
                          "某某银行股份有限公司", "李四"),
        case_ref="TS-2026-000123",
        case_title="POS机费率被擅自上调并收取流量卡年费",
        narrative="2025年3月，投诉人办理了某某支付POS机一台，约定费率0.38%。\n\n"
                  "2026年9月起，每笔交易费率被上调至0.6%，并被扣除流量卡年费99元。",
        categories=("费率上调/乱收费", "流量卡/SIM年费"),
        demands=[Demand("退还多收取的手续费", 1234567), Demand("退还流量卡年费", 9900),
                 Demand("恢复原约定费率")],
        contacts=[ContactEntry(date(2026, 10, 8), "客服热线", "某某支付客服", "GD20261008001",
                               "对方称费率调整已提前公告，拒绝退还")],
        evidence=[EvidenceItem("POS机办理协议", "投诉人提供", "约定费率0.38%", 3, True),
                  EvidenceItem("交易明细截图", "投诉人手机APP", "实际费率0.6%", None, False)],
        legal_basis="《中华人民共和国消费者权益保护法》第二十六条",
        bases=[("费率上调/乱收费", "《中华人民共和国消费者权益保护法》第二十六条",
                "经营者在经营活动中使用格式条款的，应当以显著方式提请消费者注意", "cpl.art26")],
        reply_by=date(2026, 12, 11),
        reply_within="15日",
        stage_before="调解",
        stage="provider",
        outcome="resolved",
        recovered_fen=1243567,
        court_name="某某市某某区人民法院",
    )
    values.update(changes)
    return FilingData(**values)


def texts(document: Any) -> list[str]:
    """Every paragraph's text in the body, tables included, in document order, as a
    reader sees it (without the invisible word joiners that hold a phone together)."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))).replace("\u2060", "")
            for p in document.element.body.iter(qn("w:p"))]


def full_text(document: Any) -> str:
    return "\n".join(texts(document))


def read_back(kind: FilingKind, tmp_path: Path, data: FilingData | None = None) -> Any:
    path = write(build(kind, data or sample()), tmp_path, kind.value)
    return docx.Document(str(path)), path


def evidence_table(document: Any) -> Any:
    for table in document.tables:
        if [c.text for c in table.rows[0].cells] == EVIDENCE_HEADER:
            return table
    raise AssertionError("no evidence table")


# --- the kinds as data -------------------------------------------------------------------

def test_every_kind_is_offered_at_a_stage_and_the_evidence_list_everywhere() -> None:
    offered = {kind for stage in Stage for kind in kinds_for_stage(stage)}
    # a joint complaint's letter is offered for a group (workbench group export), not a stage
    assert offered == set(FilingKind) - GROUP_KINDS
    for stage in Stage:
        assert FilingKind.EVIDENCE_LIST in kinds_for_stage(stage)
    assert FilingKind.COMPLAINT_LETTER_PROVIDER in kinds_for_stage("provider")
    assert kinds_for_stage(Stage.LEGAL)[:2] == [FilingKind.CIVIL_COMPLAINT,
                                               FilingKind.SUPPORT_OPINION]
    assert FilingKind.CLOSING_REPORT.label == "结案报告"


# --- the house style, read back ------------------------------------------------------------

@pytest.mark.parametrize("kind", list(DOCX_KINDS))
def test_every_kind_has_the_house_style(kind: FilingKind, tmp_path: Path) -> None:
    document, path = read_back(kind, tmp_path)
    for section in document.sections:
        assert abs(section.page_width - Mm(210)) < Mm(0.1)
        assert abs(section.page_height - Mm(297)) < Mm(0.1)
        for name, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28),
                         ("right_margin", 26)):
            assert abs(getattr(section, name) - Mm(mm)) < Mm(0.1), name

    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert document.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    spacing = document.styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert spacing.get(qn("w:line")) == "579"  # 28.95 pt

    with zipfile.ZipFile(path) as package:
        styles_xml = package.read("word/styles.xml").decode("utf-8")
        footer_xml = "".join(package.read(n).decode("utf-8") for n in package.namelist()
                             if n.startswith("word/footer"))
    for attr in THEME_ATTRS:
        assert f"w:{attr}=" not in styles_xml, attr
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles_xml, re.S)
    assert defaults and 'w:eastAsia="仿宋_GB2312"' in defaults.group(0)
    assert 'w:eastAsia="zh-CN"' in defaults.group(0)
    assert "PAGE" in footer_xml and "— " in footer_xml and " —" in footer_xml

    runs = list(document.element.body.iter(qn("w:r")))
    assert runs
    for run in runs:
        rfonts = run.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")), run.xml[:200]
        assert not any(rfonts.get(qn(f"w:{a}")) for a in THEME_ATTRS)

    assert document.paragraphs[0].text or texts(document)[0]
    assert title_of(kind) in full_text(document)
    if kind in NOTICES or kind in NO_EVIDENCE:
        assert evidence_tables(document) == [] or kind in NOTICES
        return
    table = evidence_table(document)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cells = [c.text for c in table.rows[1].cells]
    assert cells[:2] + cells[3:] == ["1", "POS机办理协议", "约定费率0.38%", "3", "原件"]
    assert cells[2] == f"{SOURCE_ROLE.get(kind, '投诉人')}提供"  # in the document's voice
    assert [c.text for c in table.rows[2].cells][4:] == ["", "复印件"]
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None


SOURCE_ROLE = {FilingKind.CIVIL_COMPLAINT: "原告", FilingKind.SUPPORT_OPINION: "原告",
               FilingKind.MEDIATION_APPLICATION: "申请人"}


# the press reads no evidence: it is the parties' personal material; a termination notice
# tells the parties the mediation ended and proves nothing
NO_EVIDENCE = frozenset({FilingKind.PRESS_BRIEF, FilingKind.TERMINATION_NOTICE})


def evidence_tables(document: Any) -> list[Any]:
    return [t for t in document.tables if t.rows and t.rows[0].cells[0].text == "序号"]


def title_of(kind: FilingKind) -> str:
    """The title the sample (a merchant's case) prints: a merchant's complaint is no
    消费者投诉书."""
    return "投诉书" if kind is FilingKind.CONSUMER_COMPLAINT else kind.info.title


# --- the standalone evidence list --------------------------------------------------------

def _sign_line(document: Any) -> str:
    [line] = [t for t in texts(document) if t.startswith("提交人（签名）")]
    return line


def test_evidence_list_for_the_file_signs_in_blank(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.EVIDENCE_LIST, tmp_path)
    text = texts(document)
    assert "案件编号：TS-2026-000123" in text and "提交人：商户张三" in text
    line = _sign_line(document)
    assert line.startswith("提交人（签名）：") and "张三" not in line  # signed by hand
    assert line.endswith("\u3000" * 4)  # room to sign


def test_evidence_list_at_the_legal_stage_is_the_courts(tmp_path: Path) -> None:
    for data in (sample(stage="legal", cause="服务合同纠纷"),
                 sample(addressee=Addressee("某某市某某区人民法院", "court"))):
        document, _ = read_back(FilingKind.EVIDENCE_LIST, tmp_path, data)
        text = texts(document)
        assert "原告：张三便利店（个体工商户，经营者张三）" in text
        assert "被告：某某支付有限公司" in text and "案由：服务合同纠纷" in text
        assert "提交人：原告张三便利店" in text
        assert not any(t.startswith("案件编号") for t in text)
        assert "张三" not in _sign_line(document)
        rows = evidence_table(document).rows
        assert rows[1].cells[2].text == "原告提供"  # the plaintiff's voice
    consumer = sample(stage="legal", complainant=Complainant("李四"))
    document, _ = read_back(FilingKind.EVIDENCE_LIST, tmp_path, consumer)
    assert "原告：李四" in texts(document) and "提交人：原告李四" in texts(document)


def test_evidence_table_headers_stay_on_one_line(tmp_path: Path) -> None:
    """原件/复印件 and 投诉人提供 fit their columns at the table's size, even with 页码."""
    style = load_style()
    with_range = [EvidenceItem("协议", "投诉人提供", "费率", 3, True, "", (1, 3))]
    for data in (sample(), sample(evidence=with_range)):
        document, _ = read_back(FilingKind.EVIDENCE_LIST, tmp_path, data)
        table = document.tables[0]
        need = {"原件/复印件": 5.5, "投诉人提供": 5, "证据来源": 4, "页数": 2, "序号": 2, "页码": 2}
        for n, cell in enumerate(table.rows[0].cells):
            chars = need.get(cell.text)
            if chars is None:
                continue
            width_pt = table.columns[n].width.pt
            assert width_pt >= chars * style.sizes.table_pt + 8, (cell.text, width_pt)
        assert table.columns[5].width.pt >= 5 * style.sizes.table_pt + 8  # 投诉人提供 too


def test_apply_house_style_sets_a4_on_every_section_of_any_document() -> None:
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    assert round(document.sections[0].page_width.mm) == 216  # the template is US Letter
    document.add_section(WD_SECTION.NEW_PAGE)
    apply_house_style(document)
    assert len(document.sections) == 2
    for section in document.sections:
        assert round(section.page_width.mm, 1) == 210.0
        assert round(section.left_margin.mm, 1) == 28.0
    run = document.add_paragraph().add_run("中文")
    run_font(run, "黑体", 16, bold=True)
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert run.font.bold and run.font.size.pt == 16


# --- content -------------------------------------------------------------------------------

def test_letter_to_provider_content(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.COMPLAINT_LETTER_PROVIDER, tmp_path)
    text = full_text(document)
    lines = texts(document)
    assert lines[0] == "某某市消费者协会"  # letterhead from the house style
    assert "某消协函〔2026〕12号" in lines
    assert "某某支付有限公司：" in lines  # addressed to the provider
    assert "12,345.67元（大写：壹万贰仟叁佰肆拾伍元陆角柒分）" in text
    assert "99.00元（大写：玖拾玖元整）" in text
    assert "以上金额合计人民币12,444.67元（大写：壹万贰仟肆佰肆拾肆元陆角柒分）" in text
    assert "3. 恢复原约定费率。" in lines
    assert "2026年11月26日" in lines
    assert "请贵公司自收到本函之日起15日内认真核查，依法依约妥善处理投诉人的请求，" \
        "并将结果书面答复本会。" in lines
    assert "GD20261008001" in text
    assert "《中华人民共和国消费者权益保护法》第二十六条规定：“经营者在经营活动中使用格式条款的，" \
        "应当以显著方式提请消费者注意。”" in lines  # a whole quoted article closes inside
    assert "据投诉人反映：" in lines  # the complainant's statement, reported
    assert "附件：证据清单" in lines
    # neither codes nor the internal category labels: the dispute in neutral words
    assert "关于协调处理POS机刷卡费率调整争议的函" in text
    assert "涉及POS机刷卡费率调整、流量卡年费争议" in text
    assert "乱收费" not in text and "投诉类别" not in text
    assert "110***********1234" not in text  # a provider does not need the ID number
    assert "联系电话：138****5678" in text


def test_letterhead_and_addressee_from_the_caller(tmp_path: Path) -> None:
    data = sample(letterhead=Letterhead("甲市消费者权益保护委员会", "甲市乙路2号", "0571-1234567",
                                        "王五"),
                  addressee=Addressee("中国支付清算协会", "industry"))
    document, _ = read_back(FilingKind.INDUSTRY_REPORT, tmp_path, data)
    lines = texts(document)
    assert lines[0] == "甲市消费者权益保护委员会"
    assert "中国支付清算协会：" in lines
    # an industry body is asked to act 依法, in no time the association would set it
    assert any(line.startswith("请贵会依法依规核查") and line.endswith("并将处理结果函告本会。")
               for line in lines)
    assert not any("自收到本函之日起" in line for line in lines)
    assert any("联系人：王五" in line and "0571-1234567" in line for line in lines)


def test_superior_letter_goes_to_the_superior(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.COMPLAINT_LETTER_SUPERIOR, tmp_path)
    lines = texts(document)
    assert "某某银行股份有限公司：" in lines
    assert any(line.startswith("请贵行自收到本函之日起15日内履行收单业务管理责任")
               for line in lines)


def test_press_brief_names_no_private_person(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.PRESS_BRIEF, tmp_path)
    text = full_text(document)
    assert "商户张某" in text
    for private in ("张三", "138****5678", "1234", "幸福路", "898110012345678", "GD2026"):
        assert private not in text, private


def test_plain_tuples_and_empty_fields_are_accepted(tmp_path: Path) -> None:
    data = sample(demands=[("赔礼道歉", None), ("退还押金", 29900)],
                  contacts=[(date(2026, 10, 1), "", "客服", "", "")],
                  evidence=[], narrative="", legal_basis="", reply_by=None, court_name="",
                  provider=Provider("某某支付有限公司"))
    for kind in DOCX_KINDS:
        document, _ = read_back(kind, tmp_path, data)
        text = full_text(document)
        if kind in NOTICES:
            continue
        if kind is not FilingKind.EVIDENCE_LIST:
            assert "（请补充：事实与理由）" in text
        # an empty list is shown where it is the paper itself (or in a pleading), never
        # sent as an attachment
        assert ("（暂无证据）" in text) is (kind in (FilingKind.EVIDENCE_LIST,
                                                   FilingKind.CIVIL_COMPLAINT))
        assert ("附件：证据清单" in text) is False


# --- hostile text ----------------------------------------------------------------------------

HOSTILE = "A\x00B\x01C\x08D\x0bE\x0cF\x1bG\x7fH\ufffeI\uffffJ\ud800K\udfffL 😀 \ud83d\ude00"
HOSTILE_CLEAN = "ABCDEFG\x7fHIJKL 😀 😀"
MARKUP = "<w:p>&amp;</w:t>]]><!-- [@click=app.quit] {year} {0} %s"


def test_clean_xml() -> None:
    assert clean_xml(HOSTILE) == HOSTILE_CLEAN
    assert clean_xml("tab\tnew\nline\rend") == "tab\tnew\nline\rend"
    assert clean_xml(None) == ""
    assert clean_xml(MARKUP) == MARKUP


@pytest.mark.parametrize("kind", list(DOCX_KINDS))
def test_hostile_text_is_kept_minus_illegal_characters(kind: FilingKind,
                                                       tmp_path: Path) -> None:
    lines = [f"第{i}行 {MARKUP} {HOSTILE} " + "很长的叙述" * 20 for i in range(1000)]
    narrative = "\r\n".join(lines)
    assert len(narrative.encode("utf-8", "surrogatepass")) > 100_000
    data = sample(case_title=f"标题{HOSTILE}", narrative=narrative,
                  complainant=Complainant(f"张{HOSTILE}", phone="\x00138****5678"),
                  demands=[Demand(f"退还{MARKUP}\x00", 100)],
                  evidence=[EvidenceItem(f"证据{HOSTILE}", MARKUP, "\x00", None, False)],
                  legal_basis=f"依据\x00{MARKUP}", doc_no="某消协函\x1b〔2026〕1号")
    document, _ = read_back(kind, tmp_path, data)
    paragraphs = texts(document)
    text = "\n".join(paragraphs)
    for bad in ("\x00", "\x01", "\x1b", "\ufffe", "\ud800"):
        assert bad not in text
    if kind.info.voice == "association":
        assert "某消协函〔2026〕1号" in paragraphs
    else:  # only what the association issues carries its number
        assert "某消协函〔2026〕1号" not in paragraphs
    if kind in NOTICES:
        assert f"标题{HOSTILE_CLEAN}" in text
        return
    assert (f"证据{HOSTILE_CLEAN}" in text) is (kind not in NO_EVIDENCE)
    if kind is not FilingKind.EVIDENCE_LIST:
        expected = [clean_xml(line).strip() for line in lines]
        start = paragraphs.index(expected[0])
        assert paragraphs[start:start + len(expected)] == expected  # one paragraph a line
    if kind not in (FilingKind.EVIDENCE_LIST,):
        assert MARKUP in text


# --- amounts and dates ----------------------------------------------------------------------

def test_the_shipped_style_is_gb_t_9704() -> None:
    style = load_style()
    assert (style.page.width_mm, style.page.height_mm) == (210, 297)
    assert style.grid.lines_per_page * style.grid.line_pitch_pt <= style.text_height_pt
    # 28 characters fit the line with the computed spacing, 29 do not
    pitch = style.sizes.body_pt + style.char_spacing_twips / 20
    assert 28 * pitch <= style.text_width_pt < 29 * pitch
    assert style.letterhead.doc_number(2026, 7) == "某消协函〔2026〕7号"


# --- LibreOffice ------------------------------------------------------------------------------

def _office() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    missing = [tool for tool in ("pdftotext", "pdffonts", "pdfinfo") if not shutil.which(tool)]
    if found and not missing:
        return found
    reason = (f"LibreOffice or poppler-utils missing ({', '.join(missing) or 'soffice'}); "
              f"install with: {APT_HINT}")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def _to_pdf(office: str, source: Path, tmp_path: Path) -> Path:
    """Convert with a user installation of its own, so parallel runs never share one."""
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    outdir = tmp_path / "pdf"
    done = subprocess.run(
        [office, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir),
         f"-env:UserInstallation={profile.as_uri()}", str(source)],
        capture_output=True, text=True, timeout=180)
    pdf = outdir / (source.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    return pdf


def _poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True,
                          timeout=60).stdout


CJK_FONT = re.compile(r"CJK|Song|Hei|Kai|Fang|Ming|WenQuanYi|Fallback|AR ?PL|Source ?Han|"
                      r"SimSun|宋|黑|楷|仿", re.I)


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(DOCX_KINDS))
def test_libreoffice_renders_every_kind(kind: FilingKind, tmp_path: Path) -> None:
    office = _office()
    source = write(build(kind, sample()), tmp_path, kind.value)
    pdf = _to_pdf(office, source, tmp_path)

    text = _poppler("pdftotext", "-layout", str(pdf), "-")
    squeezed = re.sub(r"\s+", "", text)
    assert title_of(kind) in squeezed
    first = _poppler("pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-")
    if docx.Document(str(source)).sections[0].different_first_page_header_footer:
        # the letter format (GB/T 9704 §10.1): no page number on the first page
        assert not re.search(r"—\s*1\s*—", first)
        assert re.search(r"—\s*2\s*—", text) or "\f" not in text.rstrip("\f")
    else:
        assert re.search(r"—\s*1\s*—", first)  # the PAGE field in the footer
    assert "2026年11月26日" in squeezed and "二〇二六" not in squeezed  # §7.3.5
    if kind in NOTICES:  # tests/test_notices.py converts them with their own data
        return
    # a 举报 names violations, not the demands; the press brief names no amounts
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in squeezed or kind in (
        FilingKind.EVIDENCE_LIST, FilingKind.SAMR_REPORT, FilingKind.PRESS_BRIEF)
    assert ("POS机办理协议" in squeezed) is (kind not in NO_EVIDENCE)  # the evidence table
    if kind in ASSOCIATION_KINDS:
        assert "某消协函〔2026〕12号" in squeezed

    embedded = [line.split()[0] for line in _poppler("pdffonts", str(pdf)).splitlines()[2:]
                if re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)]
    assert any(CJK_FONT.search(name) for name in embedded), embedded

    info = _poppler("pdfinfo", str(pdf))
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert size and (round(float(size[1])), round(float(size[2]))) == (595, 842)
    assert pages and 1 <= int(pages[1]) <= 20


@pytest.mark.slow
def test_libreoffice_sets_22_lines_of_28_characters(tmp_path: Path) -> None:
    office = _office()
    line = "一二三四五六七八九十" * 10  # 100 characters: lines of 28 (26 when indented)
    source = write(build(FilingKind.PRESS_BRIEF, sample(narrative="\n".join([line] * 40))),
                   tmp_path, "grid")
    pdf = _to_pdf(office, source, tmp_path)
    page = _poppler("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-")
    body = [row.strip() for row in page.splitlines()
            if row.strip() and not re.fullmatch(r"—\s*\d+\s*—", row.strip())]
    assert len(body) == 22, body
    assert max(len(row) for row in body) == 28


@pytest.mark.parametrize("kind", [FilingKind.COMPLAINT_LETTER_PROVIDER,
                                  FilingKind.COMPLAINT_LETTER_SUPERIOR,
                                  FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION,
                                  FilingKind.MEDIATION_APPLICATION])
def test_a_whole_quoted_article_closes_inside_the_quote(kind: FilingKind,
                                                         tmp_path: Path) -> None:
    """规定：“……。” (GB/T 15834-2011: a complete quotation used on its own keeps its full
    stop inside); a quotation inside a sentence (“……”的规定) keeps it outside."""
    document, _ = read_back(kind, tmp_path)
    quoted = [line for line in texts(document) if "规定：“" in line]
    assert quoted, kind
    for line in quoted:
        for quote in line.split("规定：“")[1:]:
            assert quote.split("”", 1)[0].endswith("。"), line
            assert not quote.split("”", 1)[1].startswith("。"), line
