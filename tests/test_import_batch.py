"""The import's batch path (issue 14 item 1, speed), on SQLite and PostgreSQL: a batch
of cases written at once keeps the audit chain whole, the search rows, the numbering
and a likely duplicate within one batch; a case typed in goes the same way (a batch of one)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from tests.import_support import row_12315, write_xlsx
from workbench.services import imports, intake
from workbench.services.context import Workbench
from workbench.store import audit, search
from workbench.store.models import Case, CaseEvent, CaseSource


def test_a_batch_keeps_the_chain_the_search_and_the_source_rows(wb: Workbench,
                                                                tmp_path: Path) -> None:
    typed = intake.submit(wb, intake.IntakeForm(
        title="费率上调", name="张三", phone="13900000999", provider="另一家支付有限公司",
        categories=["跳码"], narrative="费率被上调。"))
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(i) for i in range(1, 8)])
    report = imports.import_file(wb, path, batch=3)
    refs = [r.case_ref for r in report.rows]
    number = int(typed.ref.rsplit("-", 1)[1])
    assert refs == [f"TS-2026-{number + i:06d}" for i in range(1, 8)]
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []
        kinds = [e.kind for e in session.execute(
            select(CaseEvent).order_by(CaseEvent.seq)).scalars()]  # type: ignore[arg-type]
        assert kinds.count("created") == 8 and kinds.count("scope_set") == 8
        assert kinds.count("case_imported") == 7
        sources = session.execute(select(CaseSource.row_number, Case.ref).join(
            Case, Case.id == CaseSource.case_id)).all()  # type: ignore[arg-type]
        assert sorted(ref for _n, ref in sources) == refs
        clause = search.text_filter(wb.store.dialect, "第5件")  # the narrative is indexed
        assert clause is not None
        assert session.execute(select(Case.ref).where(clause)).scalars().all() == [refs[4]]
    again = imports.import_file(wb, path, batch=3)
    assert [r.case_ref for r in again.rows] == refs
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []


def test_a_repeated_complainant_in_one_batch_is_a_likely_duplicate(wb: Workbench,
                                                                   tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "12315.xlsx", [
        row_12315(1), row_12315(2, 投诉人="投诉人1", 联系电话="13900000001")])
    report = imports.import_file(wb, path)
    assert [r.outcome.value for r in report.rows] == ["create", "duplicate"]
    assert report.rows[1].duplicates == (report.rows[0].case_ref,)


def test_a_dry_run_flags_a_repeated_complainant_as_the_real_run_will(wb: Workbench,
                                                                     tmp_path: Path) -> None:
    """The dry run says what the real run does: a row repeating an earlier row's
    complainant is a likely duplicate of it, in any batch, and nothing is written."""
    path = write_xlsx(tmp_path / "12315.xlsx", [
        row_12315(1), row_12315(2), row_12315(3, 投诉人="投诉人1", 联系电话="13900000001")])
    dry = imports.import_file(wb, path, dry_run=True, batch=1)
    assert [r.outcome.value for r in dry.rows] == ["create", "create", "duplicate"]
    assert dry.rows[2].duplicates == ("本文件第 4 行",)
    with wb.store.session() as session:
        assert session.execute(select(Case)).first() is None
    real = imports.import_file(wb, path)
    assert [r.outcome.value for r in real.rows] == ["create", "create", "duplicate"]
