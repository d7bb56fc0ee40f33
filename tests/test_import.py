"""Import as a service, on SQLite and PostgreSQL: dry run, real run, idempotent re-run,
duplicates of open cases, providers matched, the errors workbook read back and re-imported."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.import_support import PROVIDER, read_xlsx, row_12315, write_xlsx
from workbench.domain.vocabulary import ImportOutcome
from workbench.services import imports, intake
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench
from workbench.store.models import Case, CaseEvent, CaseSource, Provider

Outcome = ImportOutcome


def outcomes(report: imports.ImportReport) -> list[str]:
    return [r.outcome.value for r in report.rows]


def counts(wb: Workbench) -> tuple[int, int, int]:
    with wb.store.session() as session:
        return (len(session.execute(select(Case)).all()),
                len(session.execute(select(CaseSource)).all()),
                len(session.execute(select(Provider)).all()))


def test_dry_run_creates_nothing_and_a_real_run_creates_the_valid_rows(
        wb: Workbench, tmp_path: Path) -> None:
    rows = [row_12315(1), row_12315(2), row_12315(3, 联系电话="12345"),
            row_12315(4, 涉及金额="壹仟贰佰元")]
    path = write_xlsx(tmp_path / "12315.xlsx", rows)
    dry = imports.import_file(wb, path, dry_run=True)
    assert dry.profile == "12315"
    assert outcomes(dry) == ["create", "create", "refused", "refused"]
    assert [r.row for r in dry.rows] == [4, 5, 6, 8]  # the file's own row numbers
    assert "将新建服务商 示例汇达支付有限公司" in dry.rows[0].provider_note
    assert any("联系电话" in reason for reason in dry.rows[2].reasons)
    assert any("大写" in reason for reason in dry.rows[3].reasons)
    assert dry.summary.startswith("试运行") and "新建 2" in dry.summary
    assert counts(wb) == (0, 0, 0)
    assert not (tmp_path / "12315.errors.xlsx").exists()

    real = imports.import_file(wb, path)
    assert outcomes(real) == ["create", "create", "refused", "refused"]
    assert counts(wb) == (2, 2, 1)
    with wb.store.session() as session:
        case = session.execute(select(Case).order_by(Case.id)).scalars().first()  # type: ignore[arg-type]
        assert case is not None
        assert case.amount_claimed_fen == 123456 and case.categories == ["fee_increase"]
        assert case.demands == [{"text": "退还款项", "amount_fen": 123456}]
        source = session.execute(select(CaseSource).where(
            CaseSource.case_id == case.id)).scalar_one()  # type: ignore[arg-type]
        assert (source.file_name, source.sheet, source.row_number, source.external_ref) == (
            "12315.xlsx", "转办", 4, "20261009000001")
        assert str(source.registered_on) == "2026-10-09"
        kinds = [e.kind for e in session.execute(select(CaseEvent)).scalars()]
        provider = session.execute(select(Provider)).scalar_one()
        assert provider.uscc and provider.address == "北京市海淀区中关村大街1号"
    assert kinds.count("case_imported") == 2 and kinds.count("import_run") == 1
    assert kinds.count("provider_added") == 1
    assert real.errors_path == str(tmp_path / "12315.errors.xlsx")


def test_reimport_creates_nothing(wb: Workbench, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(i) for i in range(1, 6)])
    first = imports.import_file(wb, path, batch=2)
    again = imports.import_file(wb, path, batch=2)
    assert outcomes(again) == ["imported"] * 5
    assert [r.case_ref for r in again.rows] == [r.case_ref for r in first.rows]
    assert counts(wb)[0] == 5
    assert again.summary == "新建 0，已导入 5，疑似重复 0，拒绝 0"


def test_rows_without_a_reference_are_keyed_by_their_content(wb: Workbench,
                                                             tmp_path: Path) -> None:
    rows = [row_12315(1, 登记编号=""), row_12315(2, 登记编号="")]
    profile = imports.load_profile("12315")
    from dataclasses import replace

    optional_ref = replace(profile, columns=tuple(
        replace(c, required=False) if c.field == "external_ref" else c for c in profile.columns))
    path = write_xlsx(tmp_path / "noref.xlsx", rows)
    assert outcomes(imports.import_file(wb, path, profile=optional_ref)) == ["create"] * 2
    assert outcomes(imports.import_file(wb, path, profile=optional_ref)) == ["imported"] * 2


def test_duplicates_of_open_cases_are_flagged_not_created(wb: Workbench,
                                                          tmp_path: Path) -> None:
    open_case = intake.submit(wb, intake.IntakeForm(
        title="费率上调", name="投诉人1", phone="13900000001", provider=PROVIDER,
        categories=["跳码"], narrative="费率被上调。"))
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(1), row_12315(2)])
    report = imports.import_file(wb, path)
    assert outcomes(report) == ["duplicate", "create"]
    assert report.rows[0].duplicates == (open_case.ref,)
    assert "匹配" in report.rows[1].provider_note or "已登记" in report.rows[1].provider_note
    book = read_xlsx(Path(report.errors_path))
    assert open_case.ref in book[1][-1]
    forced = imports.import_file(wb, path, allow_duplicates=True)
    assert outcomes(forced) == ["create", "imported"]


def test_provider_typo_is_matched_and_a_near_name_refused(wb: Workbench,
                                                          tmp_path: Path) -> None:
    from tests.factories import provider

    provider(wb, PROVIDER)
    typo = PROVIDER.replace("汇达", "汇大")
    path = write_xlsx(tmp_path / "12315.xlsx", [
        row_12315(1), row_12315(2, 被投诉人=typo, 被投诉人统一社会信用代码=""),
        row_12315(3, 被投诉人="汇达支付")])
    report = imports.import_file(wb, path, dry_run=True)
    notes = [r.provider_note for r in report.rows]
    assert notes[0] == f"已登记服务商 {PROVIDER}"
    assert report.rows[1].outcome is Outcome.CREATE and notes[1].startswith(
        f"匹配已登记服务商 {PROVIDER}（相似度"), notes
    assert notes[2].startswith(f"匹配已登记服务商 {PROVIDER}"), notes
    imports.import_file(wb, path)
    assert counts(wb)[2] == 1  # no second provider


def test_assign_and_priority(wb: Workbench, tmp_path: Path) -> None:
    ensure_caseworker(wb, "li.na")
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(1)])
    with pytest.raises(Exception, match="nobody"):
        imports.import_file(wb, path, assign="nobody")
    assert counts(wb)[0] == 0
    imports.import_file(wb, path, assign="li.na", priority="urgent")
    with wb.store.session() as session:
        case = session.execute(select(Case)).scalar_one()
        assert case.priority == "urgent" and case.assignee_id is not None


def test_errors_workbook_read_back_fixed_and_reimported(wb: Workbench,
                                                        tmp_path: Path) -> None:
    hostile = "=HYPERLINK(\"http://evil.example\",\"点我\")"
    rows = [row_12315(1), row_12315(2, 联系电话="12345", 投诉内容=hostile),
            row_12315(3, 投诉人="[bold red]假[/]\u202e名", 登记日期="2026-13-40")]
    path = write_xlsx(tmp_path / "12315.xlsx", rows)
    report = imports.import_file(wb, path)
    assert outcomes(report) == ["create", "refused", "refused"]
    from openpyxl import load_workbook

    book = load_workbook(report.errors_path)
    sheet = book.active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][-1] == "错误原因" and values[0][:3] == ["登记编号", "投诉人", "联系电话"]
    assert values[1][:11] == rows[1] and "联系电话" in values[1][-1]
    formula = sheet.cell(row=2, column=8)
    assert formula.value == hostile and formula.data_type == "s" and formula.quotePrefix
    assert values[2][1] == "[bold red]假[/]名"  # bidi controls never reach the workbook
    assert "登记日期" in values[2][-1]
    # the caseworker fixes both rows in the errors workbook and imports it
    sheet.cell(row=2, column=3).value = "13900000002"
    sheet.cell(row=3, column=10).value = "2026年10月9日"
    book.save(report.errors_path)
    fixed = imports.import_file(wb, Path(report.errors_path))
    assert outcomes(fixed) == ["create", "create"]
    with wb.store.session() as session:
        narratives = sorted(c.narrative for c in session.execute(select(Case)).scalars())
    assert hostile in narratives  # stored as plain text: never evaluated
    assert outcomes(imports.import_file(wb, Path(report.errors_path))) == ["imported"] * 2
    # the original still holds the two rows as they were wrong
    assert outcomes(imports.import_file(wb, path)) == ["imported", "refused", "refused"]


def test_cancelled_between_batches_and_completed_by_a_rerun(wb: Workbench,
                                                            tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(i) for i in range(1, 8)])
    seen: list[tuple[int, int]] = []
    report = imports.import_file(wb, path, batch=3, progress=lambda d, t: seen.append((d, t)),
                                 cancelled=lambda: len(seen) >= 1)
    assert report.cancelled and len(report.rows) == 3 and seen == [(3, 7)]
    assert "已中止" in report.summary
    rest = imports.import_file(wb, path, batch=3)
    assert outcomes(rest) == ["imported"] * 3 + ["create"] * 4
    assert counts(wb)[0] == 7


def test_a_typo_of_a_provider_new_in_the_same_file_is_the_same_provider(
        wb: Workbench, tmp_path: Path) -> None:
    typo = PROVIDER.replace("汇达", "汇大")
    path = write_xlsx(tmp_path / "12315.xlsx", [
        row_12315(1), row_12315(2, 被投诉人=typo, 被投诉人统一社会信用代码="")])
    report = imports.import_file(wb, path)
    assert report.rows[1].provider_note.startswith(f"同本文件中将新建的服务商 {PROVIDER}")
    assert counts(wb) == (2, 2, 1)


def test_a_refused_amount_is_reported_once(wb: Workbench, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(1, 涉及金额="壹佰元")])
    reasons = imports.import_file(wb, path, dry_run=True).rows[0].reasons
    assert len(reasons) == 1 and reasons[0].startswith("涉及金额：金额请用阿拉伯数字")
