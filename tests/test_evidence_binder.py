"""Evidence as a court reads it: 证明对象, 页数, 原件/复印件 and 载体; corrections; the
evidence list's columns read back; the evidence binder PDF read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select, text
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app as cli
from workbench.domain.categories import EvidenceKind
from workbench.domain.clock import FrozenClock
from workbench.errors import NotFound, RuleViolation
from workbench.filings.binder import (
    BinderItem,
    build_binder,
    find_cjk_font,
    page_count,
    page_ranges,
    range_text,
)
from workbench.services import cases, filings
from workbench.services.context import Workbench
from workbench.services.evidence import add_evidence, set_evidence
from workbench.store import migrate
from workbench.store.blobs import BlobStore
from workbench.store.models import Case, CaseEvent, Evidence, Filing

FACT = "被告于2026年3月起将费率由0.38%上调至0.6%"


# --- real files ----------------------------------------------------------------------------

def blank_pdf(path: Path, pages: int, *, rotate_second: bool = False) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    if rotate_second and pages > 1:
        writer.pages[1].rotate(90)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def text_pdf(path: Path, pages: int) -> Path:
    """A PDF with text on each page, as a scanner or a word processor would make it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("helvetica", size=14)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(text=f"contract page {n + 1}")
    path.write_bytes(bytes(pdf.output()))
    return path


def encrypted_pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    writer.encrypt("secret")
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def png(path: Path, size: tuple[int, int] = (400, 600)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (180, 40, 40)).save(path)
    return path


def squeeze(value: str) -> str:
    """Text extracted by pypdf without the spaces and NULs it puts between CJK glyphs."""
    return re.sub(r"[\s\x00]+", "", value)


@pytest.fixture
def blobs(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "data" / "evidence")


def _add(wb: Workbench, blobs: BlobStore, case_id: int, path: Path, **kw: object) -> Evidence:
    fresh = cases.get_case(wb, case_id)
    options: dict[str, object] = {"kind": EvidenceKind.CONTRACT, "title": path.stem}
    options.update(kw)
    return add_evidence(wb, blobs, case_id, fresh.version, path, **options)  # type: ignore[arg-type]


# --- page counts ---------------------------------------------------------------------------

def test_page_count_of_pdfs_images_and_other_files(tmp_path: Path) -> None:
    assert page_count(blank_pdf(tmp_path / "a.pdf", 3), "application/pdf") == 3
    assert page_count(text_pdf(tmp_path / "b.pdf", 2), "application/pdf") == 2
    assert page_count(png(tmp_path / "c.png"), "image/png") == 1
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nendobj\n%%EOF")
    assert page_count(broken, "application/pdf") is None
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(blank_pdf(tmp_path / "whole.pdf", 4).read_bytes()[:200])
    assert page_count(truncated, "application/pdf") is None
    assert page_count(encrypted_pdf(tmp_path / "locked.pdf"), "application/pdf") is None
    (tmp_path / "note.txt").write_text("聊天记录", encoding="utf-8")
    assert page_count(tmp_path / "note.txt", "text/plain") is None
    assert page_count(tmp_path / "missing.pdf", "application/pdf") is None


def test_ranges_follow_the_pages_each_item_fills(tmp_path: Path) -> None:
    items = [BinderItem(1, "合同", "", "application/pdf", blank_pdf(tmp_path / "a.pdf", 3)),
             BinderItem(2, "照片", "", "image/png", png(tmp_path / "b.png")),
             BinderItem(3, "录音", "", "audio/mp4", None),
             BinderItem(4, "流水", "", "application/pdf", blank_pdf(tmp_path / "c.pdf", 2))]
    assert page_ranges(items) == [(1, 3), (4, 4), (5, 5), (6, 7)]
    assert [range_text(r) for r in page_ranges(items)] == ["1–3", "4", "5", "6–7"]
    assert range_text(None) == ""


# --- adding and correcting -----------------------------------------------------------------

def test_add_counts_pages_and_keeps_what_the_user_says(wb: Workbench, blobs: BlobStore,
                                                       tmp_path: Path) -> None:
    case = new_case(wb)
    assert case.id is not None
    contract = _add(wb, blobs, case.id, text_pdf(tmp_path / "服务协议.pdf", 3), proves=FACT,
                    original=True)
    assert (contract.pages, contract.original, contract.carrier, contract.proves) == \
        (3, True, "", FACT)
    photo = _add(wb, blobs, case.id, png(tmp_path / "收据.png"), kind=EvidenceKind.RECEIPT)
    assert (photo.pages, photo.original) == (1, False)
    chat = tmp_path / "聊天记录.txt"
    chat.write_text("客服：费率已上调", encoding="utf-8")
    assert _add(wb, blobs, case.id, chat, kind=EvidenceKind.CHAT).pages is None
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really")
    assert _add(wb, blobs, case.id, broken).pages is None  # no crash, just unknown
    locked = _add(wb, blobs, case.id, encrypted_pdf(tmp_path / "加密.pdf"))
    assert locked.pages is None
    recording = tmp_path / "录音.m4a"
    recording.write_bytes(b"\0\0\0\x18ftypM4A " + b"\0" * 64)
    audio = _add(wb, blobs, case.id, recording, kind=EvidenceKind.CALL, original=True,
                 carrier=" U盘 ", pages=2)
    assert (audio.pages, audio.carrier) == (2, "U盘")


@pytest.mark.parametrize(("options", "message"), [
    ({"proves": "事" * 301}, "证明对象太长"),
    ({"pages": 0}, "页数 0 不在"),
    ({"pages": 100_001}, "不在 1 到 100000 之间"),
    ({"carrier": "U" * 31}, "载体太长"),
])
def test_add_refuses_bad_values_and_stores_nothing(wb: Workbench, blobs: BlobStore,
                                                   tmp_path: Path, options: dict[str, object],
                                                   message: str) -> None:
    case = new_case(wb)
    assert case.id is not None
    with pytest.raises(RuleViolation, match=message):
        _add(wb, blobs, case.id, png(tmp_path / "a.png"), **options)
    assert not blobs.root.exists()
    assert _add(wb, blobs, case.id, png(tmp_path / "a.png"), proves="事" * 300,
                pages=100_000).pages == 100_000


def test_set_corrects_fields_and_audits_old_and_new(wb: Workbench, blobs: BlobStore,
                                                    tmp_path: Path) -> None:
    case = new_case(wb)
    other = new_case(wb, title="另一件")
    assert case.id is not None and other.id is not None
    row = _add(wb, blobs, case.id, blank_pdf(tmp_path / "a.pdf", 2))
    assert row.id is not None
    version = cases.get_case(wb, case.id).version
    changed = set_evidence(wb, case.id, version, row.id, proves=FACT, pages=5, original=True,
                           carrier="光盘")
    assert changed == {"proves": FACT, "pages": 5, "original": True, "carrier": "光盘"}
    with wb.store.session() as session:
        stored = session.get(Evidence, row.id)
        assert stored is not None
        assert (stored.proves, stored.pages, stored.original, stored.carrier) == \
            (FACT, 5, True, "光盘")
        event = session.execute(select(CaseEvent).where(
            CaseEvent.kind == "evidence_changed")).scalar_one()  # type: ignore[arg-type]
    assert event.payload["changes"]["pages"] == {"old": 2, "new": 5}
    assert event.payload["changes"]["original"] == {"old": False, "new": True}
    # the same values again: nothing changes, no event
    assert set_evidence(wb, case.id, version, row.id, pages=5) == {}
    with pytest.raises(RuleViolation, match="没有要修改的内容"):
        set_evidence(wb, case.id, version, row.id)
    with pytest.raises(NotFound, match="没有证据"):
        set_evidence(wb, other.id, cases.get_case(wb, other.id).version, row.id, pages=1)
    with pytest.raises(RuleViolation, match="页数"):
        set_evidence(wb, case.id, version, row.id, pages=-1)
    from workbench.domain import events

    assert events.describe(event.kind, event.payload) == \
        f"修改证据 #{row.id}：证明对象、页数、原件/复印件、载体"


# --- the command line ----------------------------------------------------------------------

def test_cli_add_and_set_with_the_new_options(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    cases.ensure_caseworker(wb, "alice")  # WORKBENCH_USER below: the admin acts as alice
    case = new_case(wb)
    store.dispose()
    runner = CliRunner()
    env = {"WORKBENCH_USER": "alice"}
    help_text = runner.invoke(cli, ["evidence", "add", "--help"]).output
    assert "证明对象：该证据证明的事实" in help_text and "which demand" not in help_text
    pdf = text_pdf(tmp_path / "协议.pdf", 4)
    added = runner.invoke(cli, ["--db", url, "evidence", "add", case.ref, str(pdf), "--kind",
                                "contract", "--title", "POS机服务协议", "--proves", FACT,
                                "--original", "--carrier", ""], env=env)
    assert added.exit_code == 0, added.output
    assert "页数 4" in added.output and "原件" in added.output
    number = re.search(r"证据 #(\d+)", added.output)
    assert number
    corrected = runner.invoke(cli, ["--db", url, "evidence", "set", case.ref, number[1],
                                    "--pages", "6", "--copy", "--carrier", "U盘"], env=env)
    assert corrected.exit_code == 0, corrected.output
    assert "页数" in corrected.output and "原件/复印件" in corrected.output
    again = runner.invoke(cli, ["--db", url, "evidence", "set", case.ref, number[1],
                                "--pages", "6"], env=env)
    assert again.exit_code == 0 and "无变化" in again.output
    bad = runner.invoke(cli, ["--db", url, "evidence", "set", case.ref, number[1],
                              "--pages", "0"], env=env)
    assert bad.exit_code != 0 and "页数" in bad.output
    store = open_test_store(url)
    with store.session() as session:
        row = session.execute(select(Evidence)).scalar_one()
        assert (row.pages, row.original, row.carrier, row.proves) == (6, False, "U盘", FACT)
    store.dispose()


# --- the evidence list and the binder ------------------------------------------------------

@pytest.fixture
def filed(wb: Workbench, blobs: BlobStore, tmp_path: Path) -> tuple[Workbench, int]:
    """A case with a 3-page PDF, a rotated 2-page PDF, a photo, a recording on U盘 and a
    damaged PDF, with the evidence store at hand."""
    wb.blobs = blobs
    case = new_case(wb)
    assert case.id is not None
    files = tmp_path / "in"
    files.mkdir()
    _add(wb, blobs, case.id, text_pdf(files / "服务协议.pdf", 3), title="POS机服务协议",
         proves="双方约定费率为0.38%", original=True)
    _add(wb, blobs, case.id, blank_pdf(files / "流水.pdf", 2, rotate_second=True),
         kind=EvidenceKind.TRANSACTION, title="3月交易明细", proves=FACT)
    _add(wb, blobs, case.id, png(files / "短信.png", (1200, 400)), kind=EvidenceKind.CALL,
         title="扣费短信截图", proves="服务商未经同意扣收流量卡年费")
    recording = files / "录音.m4a"
    recording.write_bytes(b"\0\0\0\x18ftypM4A " + b"\0" * 64)
    _add(wb, blobs, case.id, recording, kind=EvidenceKind.CALL, title="客服通话录音",
         proves="客服承认未通知即调价", original=True, carrier="U盘")
    damaged = files / "坏.pdf"
    damaged.write_bytes(b"%PDF-1.4\n%broken")
    _add(wb, blobs, case.id, damaged, kind=EvidenceKind.OTHER, title="营业执照")
    return wb, case.id


EXPECTED_RANGES = ["1–3", "4–5", "6", "7", "8"]


def test_evidence_list_prints_pages_original_and_binder_ranges(filed: tuple[Workbench, int],
                                                               tmp_path: Path) -> None:
    wb, case_id = filed
    exported = filings.export(wb, case_id, "evidence_list", tmp_path / "out")
    document = docx.Document(str(exported.path))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "证据名称", "证据来源", "证明对象", "页数", "原件/复印件", "页码"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[3] for r in rows[:4]] == ["双方约定费率为0.38%", FACT, "服务商未经同意扣收流量卡年费",
                                        "客服承认未通知即调价"]
    assert [r[4] for r in rows] == ["3", "2", "1", "", ""]
    assert [r[5] for r in rows] == ["原件", "复印件", "复印件", "原件（U盘）", "复印件"]
    assert [r[6] for r in rows] == EXPECTED_RANGES
    # without the evidence store the list still prints, without the 页码 column
    wb.blobs = None
    plain = filings.export(wb, case_id, "evidence_list", tmp_path / "out")
    assert len(docx.Document(str(plain.path)).tables[0].columns) == 6


def test_binder_is_one_pdf_with_stamps_and_the_lists_ranges(filed: tuple[Workbench, int],
                                                            tmp_path: Path) -> None:
    wb, case_id = filed
    listed = filings.export(wb, case_id, "evidence_list", tmp_path / "out")  # list first
    binder = filings.export(wb, case_id, "evidence_binder", tmp_path / "out")
    assert binder.path.suffix == ".pdf" and binder.path.name.endswith("证据材料汇编.pdf")
    reader = PdfReader(binder.path)
    assert len(reader.pages) == 1 + 8  # the cover, then 3 + 2 + 1 + 1 + 1 evidence pages
    cover = squeeze(reader.pages[0].extract_text())
    assert "证据材料汇编" in cover and "POS机服务协议" in cover and "1–3" in cover
    # the index: 序号, 证据名称, 来源, 证明对象, 页码 (the list's 页数 is not repeated)
    assert "序号证据名称来源证明对象页码" in cover and "页数" not in cover
    assert "投诉人提供" in cover and "双方约定费率为0.38%" in cover and "共5项证据，8页" in cover
    stamps = [squeeze(page.extract_text()) for page in reader.pages[1:]]
    expected = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1), (4, 1), (5, 1)]
    for running, (stamp, (item, nth)) in enumerate(zip(stamps, expected, strict=True), 1):
        assert f"证据{item}第{nth}页·总第{running}页" in stamp, stamp
    assert "contractpage2" in stamps[1]  # the PDF's own pages, in order
    assert "客服通话录音" in stamps[6] and "原始载体另行提交" in stamps[6]  # a sheet
    with wb.store.session() as session:
        sha = session.execute(select(Evidence.sha256).where(  # type: ignore[call-overload]
            Evidence.title == "客服通话录音")).scalar_one()
    assert sha in stamps[6]
    assert "已损坏" in stamps[7]
    # the rotated page keeps its stamp upright: the page is now landscape
    box = reader.pages[5].mediabox
    assert float(box.width) > float(box.height)
    # the list printed the same ranges the binder has
    rows = docx.Document(str(listed.path)).tables[0].rows[1:]
    assert [row.cells[6].text for row in rows] == EXPECTED_RANGES
    # recorded like any filing: a row with the file's sha256 and an event
    with wb.store.session() as session:
        filing = session.execute(select(Filing).where(
            Filing.kind == "evidence_binder")).scalar_one()  # type: ignore[arg-type]
        kinds = [e.payload.get("kind") for e in session.execute(select(CaseEvent).where(
            CaseEvent.kind == "filing_exported")).scalars()]  # type: ignore[arg-type]
    assert filing.sha256 == binder.sha256 == filings.docs.sha256_of(binder.path)
    assert kinds == ["evidence_list", "evidence_binder"]


def test_every_laid_out_page_carries_the_items_name_and_its_first_the_fact(
        filed: tuple[Workbench, int], tmp_path: Path) -> None:
    wb, case_id = filed
    binder = filings.export(wb, case_id, "evidence_binder", tmp_path / "out")
    pages = [squeeze(page.extract_text()) for page in PdfReader(binder.path).pages[1:]]
    assert "证据名称：POS机服务协议" in pages[0] and "证明对象：双方约定费率为0.38%" in pages[0]
    assert "证据名称：POS机服务协议" in pages[2] and "证明对象" not in pages[2]
    assert "证据名称：3月交易明细" in pages[3] and FACT in pages[3]  # the rotated PDF
    assert "证据名称：扣费短信截图" in pages[5] and "服务商未经同意扣收流量卡年费" in pages[5]


CHAT = "\n".join(f"2026-03-{n % 28 + 1:02d} 10:00 业务员：费率已上调，第{n}条" for n in range(90))
STATEMENT = "# 3月交易明细\r\n交易时间,交易金额(元),费率\r\n" + "".join(
    f"2026-03-{n % 28 + 1:02d},{n}.00,0.60%\r\n" for n in range(1, 40))


def test_text_and_csv_are_typeset_and_list_and_binder_say_the_same_pages(
        wb: Workbench, blobs: BlobStore, tmp_path: Path) -> None:
    wb.blobs = blobs
    case = new_case(wb)
    assert case.id is not None
    chat = tmp_path / "聊天记录.txt"
    chat.write_text(CHAT, encoding="utf-8")
    # the stored 页数 (8, as typed) is not what the binder lays out: the binder's count wins
    _add(wb, blobs, case.id, chat, kind=EvidenceKind.CHAT, title="与业务员的微信聊天记录",
         proves="业务员承认费率已被上调", pages=8)
    statement = tmp_path / "流水.csv"
    statement.write_bytes(STATEMENT.encode("gb18030"))
    _add(wb, blobs, case.id, statement, kind=EvidenceKind.TRANSACTION, title="3月交易明细",
         proves=FACT)
    recording = tmp_path / "录音.m4a"
    recording.write_bytes(b"\0\0\0\x18ftypM4A " + b"\0" * 64)
    _add(wb, blobs, case.id, recording, kind=EvidenceKind.CALL, title="客服通话录音",
         proves="客服承认未通知即调价", original=True, carrier="U盘")
    listed = filings.export(wb, case.id, "evidence_list", tmp_path / "out")
    binder = filings.export(wb, case.id, "evidence_binder", tmp_path / "out")
    rows = [[c.text for c in row.cells] for row in docx.Document(str(listed.path)).tables[0].rows]
    reader = PdfReader(binder.path)
    pages = [page.extract_text() for page in reader.pages]
    chat_pages = int(rows[1][4])
    assert chat_pages >= 2 and rows[2][4] == "1" and rows[3][4] == ""
    assert [r[6] for r in rows[1:]] == [f"1–{chat_pages}", str(chat_pages + 1),
                                        str(chat_pages + 2)]
    assert len(reader.pages) == 1 + chat_pages + 2  # the list's pages are the binder's
    assert f"共3项证据，{chat_pages + 2}页" in squeeze(pages[0])
    whole = squeeze("".join(pages))
    assert "第0条" in whole and "第89条" in whole  # the text itself, every line of it
    assert "2026-03-021.000.60%" in whole  # the CSV, decoded from GB18030, as a table
    for gone in ("text/plain", "text/csv", "audio/", "文件类型", "无法编入汇编"):
        assert gone not in whole
    sheet = pages[-1]
    assert "客服通话录音" in squeeze(sheet) and "载体：U盘" in squeeze(sheet)
    assert "原始载体另行提交" in squeeze(sheet) and "文件校验值（SHA-256）" in squeeze(sheet)
    with wb.store.session() as session:
        sha = session.execute(select(Evidence.sha256).where(  # type: ignore[call-overload]
            Evidence.title == "客服通话录音")).scalar_one()
    assert any(sha in line.replace(" ", "") for line in sheet.splitlines())  # one line


def test_binder_is_offered_at_every_stage_and_auto_skips_it(wb: Workbench) -> None:
    from workbench.domain.ladder import Stage

    for stage in Stage:
        assert filings.docs.FilingKind.EVIDENCE_BINDER in filings.kinds_for(stage)
    assert filings.docs.FilingKind.EVIDENCE_BINDER.label == "证据材料汇编"


def test_binder_needs_the_evidence_store(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    wb.blobs = None
    with pytest.raises(RuleViolation, match="证据库"):
        filings.export(wb, case.id, "evidence_binder", tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []  # no file, no number used
    with wb.store.session() as session:
        assert session.execute(select(Filing)).first() is None


def test_binder_without_a_cjk_font_stamps_in_ascii(tmp_path: Path) -> None:
    items = [BinderItem(1, "合同", "a" * 64, "application/pdf", blank_pdf(tmp_path / "a.pdf", 2)),
             BinderItem(2, "录音", "b" * 64, "audio/mp4", None)]
    data = build_binder(items, case_ref="TS-2026-000001", case_title="费率",
                        heading=[("提交人", "张三")], issued_on=date(2026, 12, 1), font=None)
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) == 4
    assert "E 1 p.1 | 1" in pages[1] and "E 1 p.2 | 2" in pages[2]
    assert "E 2 p.1 | 3" in pages[3] and "b" * 64 in pages[3]


def test_the_legal_stage_binder_cover_names_the_parties_and_the_cause() -> None:
    """Review round 3 NEW-2: the binder filed with the pleading was headed 案件编号 and
    提交人 as if for the association; at court it names 原告, both 被告 and the 案由."""
    from tests.test_court_papers import BRANCH, HEAD
    from tests.test_filings import sample
    from workbench.filings.papers import binder_heading

    if find_cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    court = sample(stage="legal", provider=BRANCH, head_office=HEAD, cause="服务合同纠纷")
    heading = binder_heading(court)
    assert [label for label, _ in heading] == ["原告", "被告一", "被告二", "案由", "提交人"]
    data = build_binder([], case_ref="TS-2026-000001", case_title="费率", heading=heading,
                        issued_on=date(2026, 12, 1))
    cover = squeeze(PdfReader(io.BytesIO(data)).pages[0].extract_text())
    assert "原告：张三便利店（个体工商户，经营者张三）" in cover
    assert "被告一：某某信息科技有限公司第三分公司" in cover
    assert "被告二：某某信息科技有限公司" in cover and "案由：服务合同纠纷" in cover
    assert "案件编号" not in cover and "日期：2026年12月1日" in cover
    # before the court the binder is the association's case file
    assert [label for label, _ in binder_heading(sample())] == ["案件编号", "案件名称", "提交人"]


def test_a_cjk_font_is_found_here() -> None:
    font = find_cjk_font()
    if font is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    assert font.path.exists()


def test_empty_binder_is_just_the_cover(tmp_path: Path) -> None:
    data = build_binder([], case_ref="TS-2026-000001", case_title="费率",
                        heading=[("提交人", "张三")], issued_on=date(2026, 12, 1))
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


# --- the migration -------------------------------------------------------------------------

def test_migration_adds_the_columns_to_an_existing_database(sqlite_url: str) -> None:
    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    case = new_case(wb)
    engine = store.engine
    from alembic import command

    cfg = migrate.alembic_config(sqlite_url)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008_addressee")
        conn.commit()
    with engine.begin() as conn:
        columns = {row[1] for row in conn.exec_driver_sql("PRAGMA table_info(evidence)")}
        assert not {"pages", "original", "carrier"} & columns
        conn.execute(text(
            "INSERT INTO evidence (case_id, kind, title, description, source, original_name, "
            "sha256, size, media_type, proves, added_by, added_at) VALUES (:c, 'contract', "
            "'旧证据', '', '', 'a.pdf', '', 0, 'application/pdf', '退还手续费', 'alice', "
            "'2026-11-01 00:00:00')"), {"c": case.id})
    migrate.upgrade(engine, sqlite_url)
    assert migrate.current_revision(engine) == migrate.head_revision()
    with store.session() as session:
        row = session.execute(select(Evidence)).scalar_one()
        assert (row.title, row.pages, row.original, row.carrier) == ("旧证据", None, False, "")
        assert session.get(Case, case.id) is not None
    store.dispose()


# --- the TUI -------------------------------------------------------------------------------

async def test_tui_dialog_asks_for_the_fact_pages_and_original(tmp_path: Path) -> None:
    from textual.widgets import Input, Label, Select

    from tests.tui_support import make_app, settle
    from workbench.tui.case.evidence import EvidenceDialog
    from workbench.tui.case_screen import CaseScreen

    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    case = new_case(Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY)))
    store.dispose()
    scan = text_pdf(tmp_path / "服务协议.pdf", 2)
    app = make_app(url)
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        app.open_case(case.id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        screen = app.screen
        await pilot.press("2", "a")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog)
        labels = " ".join(str(label.render()) for label in dialog.query(Label))
        assert "证明对象：该证据证明的事实" in labels and "页数" in labels
        dialog.query_one("#path", Input).value = str(scan)
        dialog.query_one("#title", Input).value = "POS机服务协议"
        dialog.query_one("#proves", Input).value = FACT
        dialog.query_one("#pages", Input).value = "0"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen is dialog  # refused in the dialog, what was typed is kept
        assert "页数应为" in str(dialog.query_one("#evidence-error", Label).render())
        dialog.query_one("#pages", Input).value = ""
        dialog.query_one("#original", Select).value = "original"
        dialog.query_one("#carrier", Input).value = "U盘"
        await pilot.press("f2")
        await settle(pilot, lambda: app.screen is screen)
    store = open_test_store(url)
    with store.session() as session:
        row = session.execute(select(Evidence)).scalar_one()
        assert (row.proves, row.pages, row.original, row.carrier) == (FACT, 2, True, "U盘")
    store.dispose()


def test_at_the_legal_stage_the_binder_speaks_as_the_courts_list(
        filed: tuple[Workbench, int], tmp_path: Path) -> None:
    from tests.test_export import at_stage

    wb, case_id = filed
    at_stage(wb, case_id, "legal")
    binder = filings.export(wb, case_id, "evidence_binder", tmp_path / "out")
    cover = squeeze(PdfReader(binder.path).pages[0].extract_text())
    assert "原告提供" in cover and "投诉人提供" not in cover
    assert "原告：" in cover and "被告" in cover and "案由：" in cover and "案件编号" not in cover


def test_the_complainants_binder_holds_what_its_own_list_holds(tmp_path: Path) -> None:
    """Review round 5 (N1): outside court the binder is the complainant's (提交人: the
    complainant), so an item the association obtained is left out and the rest are
    numbered as the complainant's evidence list numbers them."""
    from tests.test_filings import sample
    from workbench.filings.papers import court_items

    items = [BinderItem(1, "6月交易明细", "", "application/pdf", None, source="消费者协会调取"),
             BinderItem(2, "扣费短信截图", "", "image/png", None, source="投诉人提供")]
    kept = court_items(sample(), items)
    assert [(i.number, i.title) for i in kept] == [(1, "扣费短信截图")]


def _binder_rows(path: Path) -> tuple[str, list[str]]:
    """The binder cover's item rows (序号, 证据名称, 来源, 证明对象 run together) and the
    whole cover, read back with pypdf."""
    cover = PdfReader(path).pages[0].extract_text().replace("\x00", "")
    rows = [squeeze(line) for line in cover.splitlines() if line.split()[0].isdigit()]
    return squeeze(cover), rows


def _list_rows(path: Path, table: int = 0) -> list[tuple[str, str]]:
    rows = docx.Document(str(path)).tables[table].rows[1:]
    return [(r.cells[1].text, r.cells[2].text) for r in rows]


@pytest.mark.parametrize("stage, paper, role", [("provider", "complaint_letter_provider", "投诉人"),
                                                 ("mediation", "mediation_application", "申请人")])
def test_the_list_the_binder_and_the_papers_attachment_carry_the_same_rows(
        wb: Workbench, blobs: BlobStore, tmp_path: Path, stage: str, paper: str,
        role: str) -> None:
    """Review round 5 (N1): one case's standalone 证据清单, its 证据材料汇编 and the 附件
    list of its paper (the association's letter, the complainant's application) hold the
    same items, worded alike (申请人提供 in an application's list and in the standalone
    list beside it); no item the association obtained sits in the complainant's papers."""
    from tests.test_export import at_stage

    wb.blobs = blobs
    case = new_case(wb)
    assert case.id is not None
    files = tmp_path / "in"
    files.mkdir()
    _add(wb, blobs, case.id, blank_pdf(files / "流水.pdf", 1), kind=EvidenceKind.TRANSACTION,
         title="结算账户流水", source="投诉人提供", proves="结算款少于交易金额")
    _add(wb, blobs, case.id, blank_pdf(files / "调取.pdf", 2), kind=EvidenceKind.TRANSACTION,
         title="6月交易明细", source="消费者协会调取", proves="结算款少于交易金额")
    _add(wb, blobs, case.id, png(files / "短信.png"), kind=EvidenceKind.CALL,
         title="扣费短信截图", source="投诉人提供", proves="服务商扣收费用")
    at_stage(wb, case.id, stage)
    listed = _list_rows(filings.export(wb, case.id, "evidence_list", tmp_path / "out").path)
    cover, bound = _binder_rows(
        filings.export(wb, case.id, "evidence_binder", tmp_path / "out").path)
    attached = _list_rows(filings.export(wb, case.id, paper, tmp_path / "out").path, -1)
    expected = [("结算账户流水", f"{role}提供"), ("扣费短信截图", f"{role}提供")]
    assert listed == attached == expected
    assert len(bound) == 2 and "共2项证据，2页" in cover
    assert all(row.startswith(f"{n}{title}{source}")
               for n, (row, (title, source)) in enumerate(zip(bound, expected, strict=True), 1))
    assert "调取" not in cover
