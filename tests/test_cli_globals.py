"""The `workbench` package as a whole: global options honoured by every subcommand, the demo
database behind `--demo`, Enum choices in `--help`, and a `--help` that loads no database."""

from __future__ import annotations

import ast
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import PASSPHRASE, TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app
from workbench.cli.options import DEMO_FILE, DEMO_USER
from workbench.domain.categories import EvidenceKind
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.domain.vocabulary import ContactChannel
from workbench.filings.documents import FilingKind
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
REF = "TS-2026-000001"


def squeeze(text: str) -> str:
    """Help text without the line wrapping."""
    return "".join(text.split())


# --- --help is light --------------------------------------------------------------------

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "textual", "docx", "keyring",
         "workbench.store", "workbench.services", "workbench.tui")


def test_help_loads_no_database_ui_or_docx_library() -> None:
    script = (
        "import json, sys\n"
        "from workbench.cli import main\n"
        "for args in (['--help'], ['export', '--help'], ['escalate', '--help'],"
        " ['db', '--help']):\n"
        "    sys.argv = ['workbench', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, (args, exc.code)\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def _top_level_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_cli_imports_services_and_the_tui_only_inside_commands() -> None:
    offenders = []
    for path in (ROOT / "workbench" / "cli").rglob("*.py"):
        for name in _top_level_imports(path):
            if name.startswith(("workbench.services", "workbench.tui", "textual")):
                offenders.append(f"{path.name} imports {name} at module level")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("workbench.tui") and path.name != "root.py"):
                offenders.append(f"{path.name} opens the TUI")
    assert offenders == []


# --- Enum choices ---------------------------------------------------------------------

CHOICES: list[tuple[list[str], type[StrEnum]]] = [
    (["escalate"], Stage),
    (["approvals", "request"], Stage),
    (["contact"], Stage),
    (["contact"], ContactChannel),
    (["close"], Outcome),
    (["bodies"], Body),
    (["evidence", "add"], EvidenceKind),
    (["export"], FilingKind),
]


@pytest.mark.parametrize(("command", "enum"), CHOICES,
                         ids=[f"{' '.join(c)}-{e.__name__}" for c, e in CHOICES])
def test_help_lists_every_choice_with_its_label(command: list[str], enum: type[StrEnum]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    text = squeeze(result.output)
    for member in enum:
        assert squeeze(f"{member}（{member.label}）") in text, member  # type: ignore[attr-defined]


def test_export_help_lists_every_document_kind_and_auto() -> None:
    result = runner.invoke(app, ["export", "--help"])
    assert result.exit_code == 0
    assert "<str>" not in result.output.split("--kind", 1)[1].split("\n", 1)[0]
    for kind in FilingKind:
        assert kind.value in result.output
    assert "auto" in result.output


def test_unknown_kind_names_the_valid_ones_and_exits_2() -> None:
    result = runner.invoke(app, ["export", REF, "--kind", "letter"])
    assert result.exit_code == 2
    assert "没有这个文书类型" in result.output and "'letter'" in result.output
    text = squeeze(result.output)
    for kind in FilingKind:
        assert kind.value in text
    assert "auto" in text


def test_a_choice_may_be_given_as_its_label_or_in_any_case() -> None:
    from workbench.cli.choices import parser

    parse = parser(Stage, "阶段")
    assert parse("上级机构") is Stage.SUPERIOR
    assert parse("MEDIATION") is Stage.MEDIATION
    assert parser(FilingKind, "文书类型", {"auto": ""})("auto") == "auto"


def test_unknown_outcome_and_body_are_usage_errors() -> None:
    bad = runner.invoke(app, ["close", REF, "--outcome", "won"])
    assert bad.exit_code == 2 and "resolved" in bad.output and "结案结果" in bad.output
    bad = runner.invoke(app, ["bodies", REF, "court", "police"])
    assert bad.exit_code == 2 and "arbitration" in bad.output


# --- global --db, before the subcommand, for every subcommand -------------------------

@pytest.fixture
def populated(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "given.db"
    url = f"sqlite:///{path}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    # the people `--user` / WORKBENCH_USER act as (the OS user, owning the file, is admin)
    for login in ("alice", "bob"):
        ensure_caseworker(wb, login)
    new_case(wb, title="案件")
    store.dispose()
    return url, path


def _default_database() -> Path:
    from workbench.config import load_settings

    return load_settings(None, {}).settings.resolved_data_dir() / "workbench.db"


COMMANDS: list[tuple[list[str], int, str]] = [
    (["db", "current"], 0, "（最新）"),
    (["db", "upgrade"], 0, "未作改动"),
    (["audit", "verify"], 0, "哈希链完整"),
    (["doctor"], 0, "given.db"),
    (["holidays", "list"], 0, ""),
    (["holidays", "import", "{holidays}"], 0, "已导入 1 天"),
    (["remind", "--days", "365"], 0, REF),
    (["approvals", "list"], 0, "没有待审批的申请"),
    (["evidence", "verify"], 0, "正常"),
    (["escalate", REF, "--to", "provider"], 0, "服务商协商"),
    (["contact", REF, "--summary", "已电话联系"], 0, "已记录联系"),
    (["scope", REF, "business", "--reason", "投诉人为商户经营使用"], 0, "经营活动（business）"),
    (["clock", "pause", REF, "--reason", "检测"], 0, "暂停计时"),
    # the given database's case has no evidence: its list is refused (exit 8), by name
    (["export", REF, "--kind", "evidence_list", "--out", "{out}"], 8, "本案尚无证据"),
    (["demo", "--cases", "5"], 8, "真实数据"),  # it opened the given, real database
]


@pytest.mark.parametrize(("args", "code", "expected"), COMMANDS,
                         ids=[" ".join(a[:2]) for a, _, _ in COMMANDS])
def test_global_db_is_honoured_by_every_subcommand(
        populated: tuple[str, Path], tmp_path: Path, args: list[str], code: int,
        expected: str) -> None:
    url, _ = populated
    holidays = tmp_path / "h.csv"
    holidays.write_text("2027-01-01,rest,元旦\n", encoding="utf-8")
    args = [a.format(holidays=holidays, out=tmp_path / "out") for a in args]
    result = runner.invoke(app, ["--db", url, "--user", "alice", *args])
    assert result.exit_code == code, result.output
    assert expected in result.output
    assert not _default_database().exists()


def test_a_global_option_after_the_subcommand_says_where_it_goes(
        populated: tuple[str, Path]) -> None:
    url, _ = populated
    result = runner.invoke(app, ["doctor", "--db", url])
    assert result.exit_code == 2
    assert "--db 是全局选项" in result.output and "workbench --db … doctor" in result.output


def test_global_user_is_the_actor(populated: tuple[str, Path]) -> None:
    url, path = populated
    result = runner.invoke(app, ["--db", url, "--user", "bob", "contact", REF,
                                 "--summary", "已联系"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        actor = conn.execute("SELECT actor FROM case_event ORDER BY seq DESC").fetchone()[0]
    assert actor == "bob"


# --- --demo: the demo database for every subcommand ----------------------------------

@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A data dir whose demo database `workbench --demo remind` created on first use."""
    home = tmp_path_factory.mktemp("demo-home")
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local/share"), "WORKBENCH_DATA_DIR": str(home / "data"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "WORKBENCH_DATA_KEY": "not-the-demo-key"}  # the demo never needs it
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        for name in ("WORKBENCH_DB", "WORKBENCH_CONFIG", "WORKBENCH_USER"):
            patch.delenv(name, raising=False)
        first = runner.invoke(app, ["--demo", "remind"])
        assert first.exit_code == 0, first.output
        assert "演示数据库" in first.output
        assert (home / "data" / DEMO_FILE).is_file()
        assert not (home / "data" / "workbench.db").exists()
        yield env


def _demo(env: dict[str, str], *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--demo", *args], env=env)


def test_demo_remind_uses_the_demo_database(demo_env: dict[str, str]) -> None:
    result = _demo(demo_env, "remind", "--days", "10")
    assert result.exit_code == 0, result.output
    assert "TS-" in result.output and "演示数据库" not in result.output  # not created again


def test_demo_doctor_checks_the_demo_database(demo_env: dict[str, str]) -> None:
    result = _demo(demo_env, "doctor")
    assert result.exit_code == 0, result.output
    assert DEMO_FILE in result.output
    assert "演示库" in result.output


@pytest.mark.parametrize("args", [["db", "current"], ["audit", "verify"],
                                  ["evidence", "verify"], ["approvals", "list"],
                                  ["holidays", "list"]])
def test_demo_applies_to_other_subcommands(demo_env: dict[str, str], args: list[str]) -> None:
    result = _demo(demo_env, *args)
    assert result.exit_code == 0, result.output


def test_demo_export_writes_a_filing(demo_env: dict[str, str], tmp_path: Path) -> None:
    result = _demo(demo_env, "export", REF, "--kind", "auto", "--out",
                   str(tmp_path))
    assert result.exit_code == 0, result.output
    assert list(tmp_path.glob("*.docx"))


def test_demo_acts_as_the_demo_user(demo_env: dict[str, str]) -> None:
    result = _demo(demo_env, "contact", REF, "--summary", "演示联系")
    assert result.exit_code == 0, result.output
    path = Path(demo_env["WORKBENCH_DATA_DIR"]) / DEMO_FILE
    with sqlite3.connect(path) as conn:
        actor = conn.execute("SELECT actor FROM case_event ORDER BY seq DESC").fetchone()[0]
    assert actor == DEMO_USER


def test_demo_subcommand_refuses_a_filled_demo_database(demo_env: dict[str, str]) -> None:
    result = _demo(demo_env, "demo", "--cases", "5")
    assert result.exit_code == 8 and "已有案件" in result.output


def test_given_db_wins_over_demo(populated: tuple[str, Path]) -> None:
    url, _ = populated
    result = runner.invoke(app, ["--demo", "--db", url, "db", "current"],
                           env={"WORKBENCH_DATA_KEY": PASSPHRASE})
    assert result.exit_code == 0 and "（最新）" in result.output


@pytest.mark.parametrize("flag", ["--files", "--no-files"])
def test_demo_no_files_writes_the_evidence_rows_without_their_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, flag: str) -> None:
    """`demo --no-files` (the million-case benchmarks' databases): the evidence rows are
    written, the evidence store stays empty; by default every row gets its file."""
    evidence = tmp_path / "evidence"
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBENCH_EVIDENCE_DIR", str(evidence))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    path = tmp_path / "bench.db"
    result = runner.invoke(app, ["--db", f"sqlite:///{path}", "demo", "--cases", "20", flag])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT count(*) FROM evidence").fetchone()[0]
    files = [p for p in evidence.rglob("*") if p.is_file()] if evidence.exists() else []
    assert rows > 20
    assert (len(files) > 0) is (flag == "--files")
