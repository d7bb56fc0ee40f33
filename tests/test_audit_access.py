"""The access log (个人信息保护法 arts. 51, 54): every reveal asks a reason, and supervisors
and admins see who revealed or exported whose personal data, when and why."""

from __future__ import annotations

import getpass
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import evidence, new_case
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.errors import RuleViolation
from workbench.filings.documents import FilingKind
from workbench.services import cases, filings
from workbench.services.audit import access_log, write_access_xlsx
from workbench.services.context import Workbench

runner = CliRunner()


def as_(wb: Workbench, login: str) -> Workbench:
    return Workbench(store=wb.store, actor=login, rules=wb.rules, clock=wb.clock,
                     filings_style=wb.filings_style)


def test_a_reveal_without_a_reason_is_refused(wb: Workbench) -> None:
    case = new_case(wb)
    for reason in ("", "   "):
        with pytest.raises(RuleViolation, match="需要写明理由"):
            cases.reveal_personal_data(wb, case.id, "phone", reason)
    assert cases.reveal_personal_data(wb, case.id, "phone", "核实身份") == "13812345678"


def test_supervisors_see_reveals_and_exports_with_reasons(wb: Workbench,
                                                          tmp_path: Path) -> None:
    cases.ensure_caseworker(wb, "alice")
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    case = new_case(wb)
    cases.reveal_personal_data(wb, case.id, "id_number", "核实投诉人身份")
    assert isinstance(wb.clock, FrozenClock)
    wb.clock.advance(timedelta(hours=1))
    as_(wb, "boss").clock = wb.clock
    cases.reveal_personal_data(as_(wb, "boss"), case.id, "phone", "=HYPERLINK(\"x\")")
    evidence(wb, case.id, tmp_path / "evidence")
    kind = FilingKind.EVIDENCE_LIST
    filings.export(wb, case.id, kind, tmp_path, include_personal=True)
    filings.export(wb, case.id, kind, tmp_path / "masked")  # masked: not an access
    since = wb.now() - timedelta(days=30)
    entries = access_log(as_(wb, "boss"), since)
    assert [(e.actor, e.ref, e.action, e.fields) for e in entries] == [
        ("alice", case.ref, "查看", "身份证号"), ("boss", case.ref, "查看", "手机号"),
        ("alice", case.ref, "导出", "全部（身份证号、手机号、银行卡号等）")]
    assert entries[0].reason == "核实投诉人身份"
    assert entries[2].reason.startswith("导出文书")
    assert [e.actor for e in access_log(as_(wb, "boss"), since, user="boss")] == ["boss"]
    assert access_log(as_(wb, "boss"), since, until=wb.now() - timedelta(minutes=30)) \
        == entries[:1]
    sheet = openpyxl.load_workbook(write_access_xlsx(entries, tmp_path / "a.xlsx")).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["时间", "操作人", "案件", "操作", "个人信息", "理由"]
    assert rows[1][1:] == ["alice", case.ref, "查看", "身份证号", "核实投诉人身份"]
    # stored as text with Excel's quote prefix: shown, never run as a formula
    assert rows[2][5] == '=HYPERLINK("x")' and sheet.cell(3, 6).quotePrefix
    assert all(c.data_type == "s" for row in sheet.iter_rows(min_row=2) for c in row)


def test_a_caseworker_cannot_read_the_access_log(wb: Workbench) -> None:
    cases.ensure_caseworker(wb, "alice")
    with pytest.raises(RuleViolation, match="只有负责人和管理员"):
        access_log(wb, wb.now() - timedelta(days=30))
    with pytest.raises(RuleViolation):
        access_log(as_(wb, "stranger"), wb.now() - timedelta(days=30))


def test_cli_reveal_needs_a_reason_and_audit_access_lists_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    me = getpass.getuser()
    wb = Workbench(store=store, actor=me, clock=FrozenClock.on(TODAY))
    cases.ensure_caseworker(wb, me)
    cases.ensure_caseworker(wb, "zhou.admin", role="admin")  # an admin: the owner is not one
    case = new_case(wb)
    store.dispose()
    env = {"WORKBENCH_DATA_DIR": str(tmp_path)}
    missing = runner.invoke(app, ["--db", url, "reveal", case.ref, "phone"], env=env)
    assert missing.exit_code == 2 and "--reason" in missing.output
    empty = runner.invoke(app, ["--db", url, "reveal", case.ref, "phone", "--reason", " "],
                          env=env)
    assert empty.exit_code == 8 and "需要写明理由" in empty.output
    shown = runner.invoke(app, ["--db", url, "reveal", case.ref, "phone", "--reason",
                                "电话核实"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "13812345678" in shown.output
    refused = runner.invoke(app, ["--db", url, "audit", "access", "--since", "30d"], env=env)
    assert refused.exit_code == 8 and "只有负责人和管理员" in refused.output
    store = open_test_store(url)
    from sqlalchemy import text

    with store.engine.begin() as conn:
        conn.execute(text("UPDATE caseworker SET role = 'supervisor' WHERE login = :me"),
                     {"me": me})
    store.dispose()
    xlsx = tmp_path / "access.xlsx"
    listed = runner.invoke(app, ["--db", url, "audit", "access", "--since", "3650d",
                                 "--xlsx", str(xlsx)], env=env)
    assert listed.exit_code == 0, listed.output
    assert case.ref in listed.output and "电话核实" in listed.output and "共 1 条" in listed.output
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None and sheet.cell(2, 6).value == "电话核实"
