"""The `workbench` command line, run for real against SQLite files."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench

runner = CliRunner()


def invoke(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def populated(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "wb.db"
    url = f"sqlite:///{path}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    # the people `--user` / WORKBENCH_USER act as (the OS user, owning the file, is admin)
    for login in ("alice", "bob"):
        ensure_caseworker(wb, login)
    for i in range(3):
        new_case(wb, title=f"案件{i}")
    store.dispose()
    return url, path


def test_db_current_and_upgrade_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = invoke("--db", url, "db", "upgrade")
    assert first.exit_code == 0, first.output
    assert "已升级" in first.output
    second = invoke("--db", url, "db", "upgrade")
    assert second.exit_code == 0 and "未作改动" in second.output
    current = invoke("--db", url, "db", "current")
    assert "（最新）" in current.output


def test_audit_verify_passes_then_names_the_altered_event(populated: tuple[str, Path]) -> None:
    url, path = populated
    ok = invoke("--db", url, "audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert "哈希链完整" in ok.output
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE case_event SET payload = '{\"title\":\"改过\"}' WHERE seq = 2")
    bad = invoke("--db", url, "audit", "verify")
    assert bad.exit_code == 9
    assert "事件 #2" in bad.output


def test_audit_verify_fails_after_a_deletion(populated: tuple[str, Path]) -> None:
    url, path = populated
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM case_event WHERE seq = 1")
    bad = invoke("--db", url, "audit", "verify")
    assert bad.exit_code == 9
    assert "#1" in bad.output


def test_invalid_config_is_one_clear_message(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('db = "sqlite:///x.db"\nthem = "dark"\n', encoding="utf-8")
    result = invoke("--config", str(config), "db", "current")
    assert result.exit_code == 2
    assert "them" in result.output and "Traceback" not in result.output


def test_config_with_bad_toml_and_bad_encoding(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('db = "unterminated\n', encoding="utf-8")
    assert invoke("--config", str(broken), "db", "current").exit_code == 2
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('user = "张三"\n'.encode("gbk"))
    result = invoke("--config", str(gbk), "db", "current")
    assert result.exit_code == 2 and "UTF-8" in result.output


def test_unreachable_postgres_is_a_clear_message() -> None:
    result = invoke("--db", "postgresql://nobody@127.0.0.1:1/none", "db", "current")
    assert result.exit_code == 3
    assert "无法连接数据库" in result.output and "Traceback" not in result.output


def test_newer_schema_refused_and_nothing_written(populated: tuple[str, Path]) -> None:
    url, path = populated
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    result = invoke("--db", url, "db", "upgrade")
    assert result.exit_code == 4 and "比本程序新" in result.output
    assert invoke("--db", url, "audit", "verify").exit_code == 4
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] \
            == "9999_future"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "complaint_case" in tables


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = invoke("db", "upgrade", env={"WORKBENCH_DATA_DIR": str(blocker / "sub")})
    assert result.exit_code == 3
    assert "无法创建数据目录" in result.output


def test_read_only_database_is_a_clear_message(populated: tuple[str, Path]) -> None:
    _url, path = populated
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    table = path.parent / "h.csv"
    table.write_text("2027-01-01,rest,元旦\n", encoding="utf-8")
    result = invoke("--db", ro, "holidays", "import", str(table))
    assert result.exit_code == 3
    assert "只读" in result.output and "Traceback" not in result.output


def test_env_overrides_file_and_flag_overrides_env(tmp_path: Path) -> None:
    from workbench.config import load_settings

    config = tmp_path / "c.toml"
    config.write_text('db = "sqlite:///file.db"\nuser = "file-user"\n', encoding="utf-8")
    env = {"WORKBENCH_DB": "sqlite:///env.db"}
    loaded = load_settings(config, {}, env)
    assert loaded.settings.db == "sqlite:///env.db" and loaded.settings.user == "file-user"
    loaded = load_settings(config, {"db": "sqlite:///flag.db"}, env)
    assert loaded.settings.db == "sqlite:///flag.db"


def test_save_setting_keeps_comments(tmp_path: Path) -> None:
    from workbench.config import load_settings, save_setting

    config = tmp_path / "c.toml"
    config.write_text('# mine\nuser = "a"\n\n[keymap]\n"queue.down" = "n"\n', encoding="utf-8")
    save_setting(config, "theme", "nord")
    text = config.read_text(encoding="utf-8")
    assert "# mine" in text
    loaded = load_settings(config, {}, {}).settings
    assert loaded.theme == "nord" and loaded.keymap == {"queue.down": "n"}


def test_holidays_import_and_list(populated: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = populated
    table = tmp_path / "h.csv"
    table.write_text("2027-01-01,rest,元旦\n2027-02-07,班,春节调休\n", encoding="utf-8")
    assert invoke("--db", url, "holidays", "import", str(table)).exit_code == 0
    listed = invoke("--db", url, "holidays", "list")
    assert "2027-02-07  调休上班" in listed.output
    bad = tmp_path / "bad.csv"
    bad.write_text("2027-13-01,rest\n", encoding="utf-8")
    result = invoke("--db", url, "holidays", "import", str(bad))
    assert result.exit_code == 8 and "第 1 行" in result.output


def test_doctor_reports_each_line(populated: tuple[str, Path]) -> None:
    url, _ = populated
    result = invoke("--db", url, "doctor")
    lines = result.output.splitlines()
    for name in ("config", "database", "schema", "keyring", "calendar", "terminal"):
        assert any(name in line and line[:4] in ("OK  ", "WARN", "FAIL") for line in lines), name
    assert result.exit_code == 0
    assert "2027" in result.output  # the calendar line warns about next year


def test_doctor_fails_on_unreachable_database() -> None:
    result = invoke("--db", "postgresql://nobody@127.0.0.1:1/none", "doctor")
    assert result.exit_code == 1
    assert any(line.startswith("FAIL  database") for line in result.output.splitlines())


def test_console_script_is_installed() -> None:
    bindir = Path(sys.executable).parent
    done = subprocess.run([str(bindir / "workbench"), "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "doctor" in done.stdout


def test_read_only_commands_do_not_create_a_mistyped_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    for args in (["db", "current"], ["audit", "verify"], ["doctor"]):
        result = invoke("--db", f"sqlite:///{missing}", *args)
        assert result.exit_code != 0, args
        assert "没有找到数据库" in result.output
    assert not missing.exists()


def test_escalation_on_the_command_line(populated: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = populated
    env = {"WORKBENCH_USER": "alice"}
    ref = "TS-2026-000001"
    ok = runner.invoke(app, ["--db", url, "escalate", ref, "--to", "provider"], env=env)
    assert ok.exit_code == 0 and "服务商协商" in ok.output
    refused = runner.invoke(app, ["--db", url, "escalate", ref, "--to", "superior"], env=env)
    assert refused.exit_code == 8
    assert "离开服务商协商前至少记录一次与服务商的联系" in refused.output
    logged = runner.invoke(app, ["--db", url, "contact", ref, "--summary", "客服答应退款",
                                 "--ticket", "GD1", "--next", "2026-12-01"], env=env)
    assert logged.exit_code == 0, logged.output
    assert runner.invoke(app, ["--db", url, "escalate", ref, "--to", "上级机构"],
                         env=env).exit_code == 0
    assert runner.invoke(app, ["--db", url, "undo", ref], env=env).exit_code == 0
    again = runner.invoke(app, ["--db", url, "undo", ref], env=env)
    assert again.exit_code == 8 and "没有可撤销" in again.output
    bad = runner.invoke(app, ["--db", url, "close", ref, "--outcome", "resolved"], env=env)
    assert bad.exit_code == 8 and "挽回金额" in bad.output
    closed = runner.invoke(app, ["--db", url, "close", ref, "--outcome", "resolved",
                                 "--recovered", "1,234.56"], env=env)
    assert closed.exit_code == 0 and "结案" in closed.output
    report = tmp_path / "remind.csv"
    reminder = runner.invoke(app, ["--db", url, "remind", "--days", "30", "--csv",
                                   str(report)], env=env)
    assert reminder.exit_code == 0
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("assignee,ref") and len(lines) >= 2
    assert ref not in report.read_text(encoding="utf-8-sig")  # closed: not reminded


def test_approvals_on_the_command_line(populated: tuple[str, Path]) -> None:
    url, _ = populated
    ref = "TS-2026-000002"
    alice = {"WORKBENCH_USER": "alice"}
    asked = runner.invoke(app, ["--db", url, "approvals", "request", ref, "--to", "media",
                                "--reason", "曝光"], env=alice)
    assert asked.exit_code == 0, asked.output
    listed = runner.invoke(app, ["--db", url, "approvals", "list"], env=alice)
    assert ref in listed.output
    refused = runner.invoke(app, ["--db", url, "approvals", "approve", "1"], env=alice)
    assert refused.exit_code == 8 and "负责人" in refused.output
