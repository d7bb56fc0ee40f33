"""Intake: validation of every field at once, duplicates, providers, and `workbench new`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY
from workbench.cli import app
from workbench.services import intake
from workbench.services.context import Workbench

GOOD = intake.IntakeForm(
    title="押金不退", kind="merchant", name="王五", phone="+86 139-1234-5678",
    id_number="11010519491231002x", bank_card="6222 0212 3456 7890 128",
    merchant_name="王记小吃", merchant_no="831054110859978", provider="示例汇达支付有限公司",
    provider_superior="示例银行股份有限公司", terminal_sn="QP123", categories=["押金", "跳码"],
    narrative="办理时收取押金299元, 承诺三个月后退还。", demands=[("退还押金", "299")],
    harm_known_on="2026年10月1日", priority="high")


def test_a_good_form_registers_with_its_provider_and_superior(wb: Workbench) -> None:
    case = intake.submit(wb, GOOD)
    assert case.ref.startswith("TS-2026-") and case.amount_claimed_fen == 29900
    assert case.categories == ["deposit_fees", "code_jumping"]
    assert [name for _, name in intake.find_providers(wb, "汇达")] == ["示例汇达支付有限公司"]


def test_every_mistake_is_reported_at_once(wb: Workbench) -> None:
    from dataclasses import replace

    bad = replace(GOOD, title=" ", phone="12345", id_number="110105194912310021",
                  bank_card="6222021234567890123", categories=["nonsense"],
                  demands=[("退款", "12.345")], harm_known_on="yesterday")
    with pytest.raises(intake.IntakeErrors) as info:
        intake.check(bad, TODAY)
    assert set(info.value.errors) == {"title", "phone", "id_number", "bank_card",
                                      "categories", "demand_1", "harm_known_on"}


def test_duplicate_warning_names_the_open_case(wb: Workbench) -> None:
    first = intake.submit(wb, GOOD)
    with pytest.raises(Exception) as info:
        intake.submit(wb, GOOD)
    assert first.ref in str(info.value)
    second = intake.submit(wb, GOOD, allow_duplicate=True)
    assert second.ref != first.ref


def test_new_from_a_toml_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    good = tmp_path / "case.toml"
    good.write_text('''
title = "费率被擅自上调"
categories = ["费率上调", "跳码"]
terminal_sn = "SN-1"
narrative = """2026年9月起费率由0.38%上调至0.6%。"""
harm_known_on = 2026-09-15
[complainant]
name = "李四"
phone = "13800138000"
[provider]
name = "示例支付有限公司"
[[demands]]
text = "退还多收手续费"
amount = "1,234.56"
''', encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["--db", url, "new", str(good)])
    assert result.exit_code == 0, result.output
    assert "TS-2026-000001" in result.output
    again = runner.invoke(app, ["--db", url, "new", str(good)])
    assert again.exit_code == 8 and "TS-2026-000001" in again.output
    bad = tmp_path / "bad.toml"
    bad.write_text('title = ""\n[complainant]\nname = "x"\nphone = "1"\n[provider]\nname = "p"\n',
                   encoding="utf-8")
    result = runner.invoke(app, ["--db", url, "new", str(bad)])
    assert result.exit_code == 8 and "title" in result.output and "phone" in result.output
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('title = "乱码"\n'.encode("gbk"))
    result = runner.invoke(app, ["--db", url, "new", str(gbk)])
    assert result.exit_code == 8 and "UTF-8" in result.output


def test_new_with_wrongly_typed_toml_is_a_message(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    bad = tmp_path / "typed.toml"
    bad.write_text('title = "x"\ncategories = 5\n[complainant]\nname = "x"\n'
                   '[provider]\nname = "p"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", url, "new", str(bad)])
    assert result.exit_code == 8 and "categories" in result.output


def test_remind_to_a_missing_folder_is_a_message(tmp_path: Path) -> None:
    from tests.conftest import open_test_store

    url = f"sqlite:///{tmp_path / 'wb.db'}"
    open_test_store(url).dispose()  # remind only reads: it never creates a database
    result = CliRunner().invoke(app, ["--db", url, "remind", "--csv",
                                      str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 3 and "无法写入" in result.output
