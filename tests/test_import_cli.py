"""`workbench import` on the command line: dry-run table, summary, errors workbook,
profiles, the template, options checked before anything is written."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tests.import_support import row_12315, write_csv, write_xlsx
from workbench.cli import app

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_dry_run_then_real_run_then_nothing_new(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    path = write_xlsx(tmp_path / "12315.xlsx", [row_12315(1), row_12315(2, 联系电话="123")])
    dry = invoke("--db", url, "import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.output.splitlines()
    assert lines[0].startswith("4  新建  20261009000001  示例汇达支付有限公司：费率上调/乱收费")
    assert "将新建服务商 示例汇达支付有限公司" in lines[0]
    assert lines[1].startswith("5  拒绝  20261009000002") and "联系电话：" in lines[1]
    assert lines[-1] == "试运行（未写入）：新建 1，已导入 0，疑似重复 0，拒绝 1"
    real = invoke("--db", url, "import", str(path), "--priority", "高")
    assert real.exit_code == 0, real.output
    assert "新建 1，已导入 0，疑似重复 0，拒绝 1" in real.output
    assert "12315.errors.xlsx" in real.output and (tmp_path / "12315.errors.xlsx").exists()
    assert "4  新建" not in real.output  # a real run lists only what needs attention
    again = invoke("--db", url, "import", str(path), "--errors", str(tmp_path / "e.xlsx"))
    assert "新建 0，已导入 1，疑似重复 0，拒绝 1" in again.output
    assert "已导入为" not in again.output
    assert (tmp_path / "e.xlsx").exists()


def test_wrong_options_and_files_are_messages(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    path = write_csv(tmp_path / "a.csv", [row_12315(1)], encoding="gbk")
    result = invoke("--db", url, "import", str(path), "--assign", "nobody")
    assert result.exit_code != 0 and "nobody" in result.output
    result = invoke("--db", url, "import", str(path), "--profile", "nope")
    assert result.exit_code == 8 and "没有名为 nope 的导入配置" in result.output
    result = invoke("--db", url, "import", str(tmp_path / "missing.csv"))
    assert result.exit_code == 8 and "不存在" in result.output
    result = invoke("--db", url, "import", str(path), "--priority", "whenever")
    assert result.exit_code == 2
    other = write_csv(tmp_path / "b.csv", [["x", "y"]], header=["甲", "乙"])
    result = invoke("--db", url, "import", str(other))
    assert result.exit_code == 8 and "找不到" in result.output
    ok = invoke("--db", url, "import", str(path), "--encoding", "gbk", "--dry-run")
    assert ok.exit_code == 0 and "新建 1" in ok.output


def test_profiles_and_template(tmp_path: Path) -> None:
    listed = invoke("import", "profiles")
    assert listed.exit_code == 0, listed.output
    assert "12315  全国12315平台转办  内置" in listed.output
    assert "import-profiles" in listed.output
    target = tmp_path / "blank.xlsx"
    written = invoke("import", "--template", str(target))
    assert written.exit_code == 0 and target.exists()
    from openpyxl import load_workbook

    assert load_workbook(target).sheetnames == ["登记表", "说明"]
