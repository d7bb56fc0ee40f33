"""文号, drafts, the 发文登记 and crash-safe numbering (issue 11, items 5 and 11)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import evidence, new_case, provider
from tests.test_export import at_stage, text_of
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.filings import FilingKind, build
from workbench.filings.documents import KIND_INFO, Voice
from workbench.filings.style import demo_style_path
from workbench.filings.watermark import add_watermark
from workbench.services import filings
from workbench.services.context import Workbench
from workbench.services.register import register, write_xlsx
from workbench.store.models import CaseEvent, DocCounter, Filing

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def rows(wb: Workbench) -> list[Filing]:
    with wb.store.session() as session:
        return list(session.execute(select(Filing).order_by(Filing.id)).scalars())


def counter(wb: Workbench) -> int:
    with wb.store.session() as session:
        found = session.execute(select(DocCounter)).scalar_one_or_none()
        return found.last if found else 0


def header_text(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return "".join(re.sub(r"<[^>]+>", "", package.read(name).decode("utf-8"))
                       for name in package.namelist() if name.startswith("word/header"))


# --- only the association's own papers take a 文号 -------------------------------------

def test_numbered_is_the_associations_voice() -> None:
    assert KIND_INFO[FilingKind.CLOSING_REPORT].voice is Voice.INTERNAL
    unnumbered = {info.kind for info in KIND_INFO.values() if not info.numbered}
    assert unnumbered == {FilingKind.CONSUMER_COMPLAINT, FilingKind.MEDIATION_APPLICATION,
                          FilingKind.CIVIL_COMPLAINT, FilingKind.EVIDENCE_LIST,
                          FilingKind.EVIDENCE_BINDER,
                          FilingKind.CLOSING_REPORT}


@pytest.mark.parametrize(("stage", "kind"), [
    ("mediation", "consumer_complaint"), ("mediation", "mediation_application"),
    ("provider", "evidence_list"), ("closed", "closing_report")])
def test_unnumbered_papers_use_no_number(wb: Workbench, tmp_path: Path, stage: str,
                                         kind: str) -> None:
    case = new_case(wb)
    at_stage(wb, case.id, stage)
    evidence(wb, case.id, tmp_path / "files")
    bureau = "甲市乙区市场监督管理局" if kind == "consumer_complaint" else None
    exported = filings.export(wb, case.id, kind, tmp_path, addressee=bureau)
    assert exported.doc_no == "" and rows(wb)[0].doc_no == ""
    assert "〔2026〕" not in text_of(exported.path)
    assert counter(wb) == 0  # the register has no gap for it


def test_numbers_run_on_across_unnumbered_papers(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    evidence(wb, case.id, tmp_path / "files")
    numbers = [filings.export(wb, case.id, k, tmp_path).doc_no for k in (
        "complaint_letter_provider", "evidence_list", "complaint_letter_provider")]
    assert numbers == ["示消协函〔2026〕1号", "", "示消协函〔2026〕2号"]


# --- drafts -------------------------------------------------------------------------------

def test_a_draft_takes_no_number_and_says_so(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    draft = filings.export(wb, case.id, "complaint_letter_provider", tmp_path, draft=True)
    assert draft.doc_no == "" and draft.draft
    assert draft.path.name == f"{case.ref} 投诉函（致服务商）（草稿）.docx"
    assert "草稿" in header_text(draft.path) and "〔2026〕" not in text_of(draft.path)
    final = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    assert final.doc_no == "示消协函〔2026〕1号" and "草稿" not in header_text(final.path)
    assert [r.draft for r in rows(wb)] == [True, False]
    with wb.store.session() as session:
        payloads = [e.payload for e in session.execute(
            select(CaseEvent).where(CaseEvent.kind == "filing_exported")
            .order_by(CaseEvent.seq)).scalars()]
    assert [p["draft"] for p in payloads] == [True, False]
    from workbench.services.case_view import case_view

    lines = [f for f in case_view(wb, case.id).filings]
    assert [f.draft for f in lines] == [False, True]  # newest first


def test_the_watermark_is_on_every_section(tmp_path: Path) -> None:
    from tests.test_filings import sample

    document = build(FilingKind.COMPLAINT_LETTER_PROVIDER, sample())
    document.add_section()
    document.sections[1].header.is_linked_to_previous = False
    add_watermark(document)
    path = tmp_path / "two.docx"
    document.save(str(path))
    reread = docx.Document(str(path))
    for section in reread.sections:
        assert "草稿" in section.header._element.xml


@pytest.mark.slow
def test_libreoffice_prints_the_draft_mark_on_every_page(tmp_path: Path) -> None:
    from tests.test_filings import _office, _poppler, _to_pdf, sample

    office = _office()
    data = sample(narrative="\n".join(["投诉人反映的经过。" * 12] * 40))
    data.draft = True
    source = tmp_path / "draft.docx"
    build(FilingKind.COMPLAINT_LETTER_PROVIDER, data).save(str(source))
    pages = _poppler("pdftotext", str(_to_pdf(office, source, tmp_path)), "-").split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 2
    assert all("草稿" in re.sub(r"\s+", "", page) for page in pages)


def test_cli_export_draft(wb: Workbench, tmp_path: Path) -> None:
    if wb.store.dialect != "sqlite":
        pytest.skip("the CLI is run against the SQLite file")
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    url = str(wb.store.engine.url)
    result = runner.invoke(app, ["--db", url, "export", case.ref, "--kind",
                                 "complaint_letter_provider", "--out", str(tmp_path), "--draft"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.docx")] == [
        f"{case.ref} 投诉函（致服务商）（草稿）.docx"]
    assert counter(wb) == 0


# --- the 发文登记 --------------------------------------------------------------------------

def test_register_lists_issued_documents_in_number_order(wb: Workbench, tmp_path: Path) -> None:
    hostile = provider(wb, name="=HYPERLINK(\"http://x\",\"点我\")支付")
    a, b = new_case(wb, provider_id=hostile), new_case(wb)
    for case in (a, b):
        at_stage(wb, case.id, "provider")
    evidence(wb, b.id, tmp_path / "files")
    filings.export(wb, a.id, "complaint_letter_provider", tmp_path)
    filings.export(wb, b.id, "evidence_list", tmp_path)  # not numbered: not listed
    filings.export(wb, b.id, "complaint_letter_provider", tmp_path, draft=True)  # nor drafts
    filings.export(wb, b.id, "complaint_letter_provider", tmp_path)
    report = register(wb, 2026)
    assert [(r.number, r.doc_no, r.case_ref) for r in report.rows] == [
        (1, "示消协函〔2026〕1号", a.ref), (2, "示消协函〔2026〕2号", b.ref)]
    first = report.rows[0]
    assert first.kind == "投诉函（致服务商）" and first.created_by == "alice"
    assert first.addressee.startswith("=HYPERLINK") and first.issued_on == TODAY
    assert report.gaps == () and report.warning == ""
    assert register(wb, 2025).rows == ()

    path = write_xlsx(report, tmp_path / "登记.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["序号", "文号", "日期", "文书", "案件编号", "主送",
                                          "经办人"]
    cell = sheet.cell(2, 6)
    assert cell.value == first.addressee and cell.data_type == "s" and cell.quotePrefix
    assert sheet.cell(2, 1).value == 1 and sheet.cell(3, 2).value == "示消协函〔2026〕2号"
    with zipfile.ZipFile(path) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


def test_register_reports_a_gap(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    for _ in range(3):
        filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    with wb.store.engine.begin() as conn:  # as if a row had been lost
        conn.execute(text("DELETE FROM filing WHERE doc_no = :n"), {"n": "示消协函〔2026〕2号"})
    report = register(wb, 2026)
    assert [r.number for r in report.rows] == [1, 3] and report.gaps == (2,)
    assert report.warning == "警告：2026 年文号不连续：缺号 2。"


def test_cli_register_prints_a_chinese_table(wb: Workbench, tmp_path: Path) -> None:
    if wb.store.dialect != "sqlite":
        pytest.skip("the CLI is run against the SQLite file")
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    out = tmp_path / "reg.xlsx"
    result = runner.invoke(app, ["--db", str(wb.store.engine.url), "filings", "register",
                                 "--year", "2026", "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("序号") and "文号" in lines[0] and "主送" in lines[0]
    assert "示消协函〔2026〕1号" in lines[1] and case.ref in lines[1]
    assert "示例支付有限公司" in lines[1]
    assert "共 1 份（2026 年）" in result.output and "警告" not in result.output
    assert out.is_file()


# --- crash-safe numbering ------------------------------------------------------------------

CRASHING_EXPORT = """
import sys
from pathlib import Path
from tests.conftest import TODAY, open_test_store
from workbench.domain.clock import FrozenClock
from workbench.services import filings
from workbench.filings.style import demo_style_path
from workbench.services.context import Workbench

wb = Workbench(store=open_test_store(sys.argv[1]), actor="alice", clock=FrozenClock.on(TODAY),
               filings_style=demo_style_path())
filings.export(wb, int(sys.argv[2]), "complaint_letter_provider", Path(sys.argv[3]))
"""


def export_killed_at(point: str, url: str, case_id: int, out: Path) -> None:
    env = {**os.environ, filings.CRASH_ENV: point}
    done = subprocess.run([sys.executable, "-c", CRASHING_EXPORT, url, str(case_id), str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 9, done.stdout + done.stderr


def doctor_lines(url: str, out: Path) -> list[str]:
    result = runner.invoke(app, ["--db", url, "doctor"], env={"WORKBENCH_FILINGS_DIR": str(out)})
    return result.output.splitlines()


@pytest.fixture
def crash_case(sqlite_url: str, tmp_path: Path) -> tuple[Workbench, int, Path]:
    wb = Workbench(store=open_test_store(sqlite_url), actor="alice",
                   clock=FrozenClock.on(TODAY), filings_style=demo_style_path())
    case = new_case(wb)
    at_stage(wb, case.id, "provider")
    return wb, case.id, tmp_path / "out"


def test_killed_before_commit_records_nothing_and_uses_no_number(
        crash_case: tuple[Workbench, int, Path], sqlite_url: str) -> None:
    wb, case_id, out = crash_case
    export_killed_at("before_commit", sqlite_url, case_id, out)
    assert rows(wb) == [] and counter(wb) == 0
    assert list(out.glob("*.docx")) == []
    temps = list(out.glob(".filing-*.tmp"))
    assert len(temps) == 1
    assert any(line.startswith("WARN  temp files") for line in doctor_lines(sqlite_url, out))
    assert filings.sweep_temps(wb, out).message == ""  # young: may be an export in flight
    swept = filings.sweep_temps(wb, out, older_than=float("inf"))
    assert swept.removed == tuple(temps) and swept.recovered == ()
    assert "清除 1 个" in swept.message and list(out.iterdir()) == []
    assert filings.export(wb, case_id, "complaint_letter_provider", out).doc_no.endswith(
        "〔2026〕1号")
    wb.store.dispose()


def test_killed_after_commit_keeps_the_row_and_recovers_the_file(
        crash_case: tuple[Workbench, int, Path], sqlite_url: str) -> None:
    wb, case_id, out = crash_case
    export_killed_at("after_commit", sqlite_url, case_id, out)
    [row] = rows(wb)
    assert row.doc_no == "示消协函〔2026〕1号" and counter(wb) == 1
    final = Path(row.file_name)
    assert not final.exists() and list(out.glob("*.docx")) == []  # never a file without a row
    [temp] = out.glob(".filing-*.tmp")
    assert filings.docs.sha256_of(temp) == row.sha256
    lines = doctor_lines(sqlite_url, out)
    assert any(line.startswith("WARN  filings") and final.name in line for line in lines)
    assert any(line.startswith("WARN  temp files") for line in lines)

    swept = filings.sweep_temps(wb, out, older_than=float("inf"))
    assert swept.recovered == (final,) and swept.removed == ()
    assert "恢复 1 份" in swept.message
    assert filings.docs.sha256_of(final) == row.sha256 and not temp.exists()
    lines = doctor_lines(sqlite_url, out)
    assert any(line.startswith("OK    filings") for line in lines)
    assert any(line.startswith("OK    temp files") for line in lines)

    second = filings.export(wb, case_id, "complaint_letter_provider", out)
    assert second.doc_no == "示消协函〔2026〕2号" and second.path != final
    report = register(wb, 2026)
    assert [r.number for r in report.rows] == [1, 2] and report.gaps == report.repeats == ()
    wb.store.dispose()


def test_a_name_claimed_by_a_recorded_filing_is_not_reused(
        crash_case: tuple[Workbench, int, Path], sqlite_url: str) -> None:
    wb, case_id, out = crash_case
    export_killed_at("after_commit", sqlite_url, case_id, out)
    [row] = rows(wb)
    second = filings.export(wb, case_id, "complaint_letter_provider", out)
    assert second.path.name.endswith(" (2).docx") and str(second.path) != row.file_name
    swept = filings.sweep_temps(wb, out, older_than=float("inf"))
    assert swept.recovered == (Path(row.file_name),)
    wb.store.dispose()


async def test_the_tui_sweeps_the_filings_folder_at_start(tmp_path: Path) -> None:
    from tests.tui_support import make_app, settle

    url = f"sqlite:///{tmp_path / 'wb.db'}"
    open_test_store(url).dispose()
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".filing-0123456789abcdef.docx.tmp"
    stale.write_bytes(b"PK half a filing")
    os.utime(stale, (0, 0))  # long before this process started
    fresh = out / ".filing-fedcba9876543210.docx.tmp"
    fresh.write_bytes(b"PK another export, still running")
    app = make_app(url)
    app.wb.filings_dir = out
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot, lambda: not stale.exists())
        await settle(pilot, lambda: any("清除 1 个" in n.message for n in app._notifications))
    assert fresh.exists()
