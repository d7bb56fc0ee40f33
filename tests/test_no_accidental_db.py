"""No accidental databases: reading commands never create one, a refused passphrase leaves
nothing, a new real database needs a long passphrase, a demo database asks before a real
case goes in, temp leftovers go at start, and a PostgreSQL writer never waits forever."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.conftest import open_test_store
from workbench.cli import app
from workbench.errors import SecretError, StorageError
from workbench.store import engine as engine_module
from workbench.store.blobs import TEMP_PREFIX, BlobStore
from workbench.store.engine import Store, open_store
from workbench.store.models import Meta

READ_ONLY = [["remind"], ["approvals", "list"], ["audit", "verify"], ["doctor"],
             ["filings", "register"], ["holidays", "list"], ["evidence", "verify"],
             ["db", "current"], ["escalate", "TS-2026-000001", "--to", "provider"]]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c[:2]))
def test_read_only_commands_on_a_missing_path_create_nothing(tmp_path: Path,
                                                             command: list[str]) -> None:
    missing = tmp_path / "typo" / "wb.db"
    result = CliRunner().invoke(app, ["--db", f"sqlite:///{missing}", *command],
                                env={"WORKBENCH_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code != 0
    assert "没有找到数据库" in result.output and str(missing) in result.output
    assert not missing.parent.exists()


def test_a_refused_passphrase_leaves_no_file(tmp_path: Path) -> None:
    db = tmp_path / "wb.db"

    def refuse(_db_id: str, _demo: bool, _creating: bool) -> str:
        raise SecretError("没有输入口令。")

    with pytest.raises(SecretError):
        open_store(f"sqlite:///{db}", refuse)
    assert sorted(tmp_path.iterdir()) == []


def test_a_short_passphrase_is_refused_only_for_a_new_real_database(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench import secrets

    monkeypatch.setenv("WORKBENCH_DATA_KEY", "short-11chr")
    with pytest.raises(SecretError, match="至少需要 12 个字符"):
        secrets.data_passphrase("x", demo=False, creating=True)
    # an existing database keeps opening with the passphrase it was made with
    assert secrets.data_passphrase("x", demo=False, creating=False).value == "short-11chr"
    assert secrets.data_passphrase("x", demo=True, creating=True).source == "demo"


def test_a_new_database_with_a_short_key_is_not_created(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.config import load_settings
    from workbench.services.database import open_workbench

    monkeypatch.setenv("WORKBENCH_DATA_KEY", "a")
    db = tmp_path / "real.db"
    with pytest.raises(SecretError, match="太短"):
        open_workbench(load_settings(tmp_path / "none.toml", {"db": f"sqlite:///{db}"}))
    assert not db.exists()


def _intake_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.toml"
    path.write_text('title = "押金不退"\nnarrative = "办理时交押金199元，激活后未退还。"\n'
                    'categories = ["押金"]\n'
                    '[complainant]\nname = "王五"\nphone = "13912345678"\n'
                    '[provider]\nname = "示例支付有限公司"\n', encoding="utf-8")
    return path


def test_a_real_case_into_a_demo_database_asks_first(tmp_path: Path) -> None:
    data = tmp_path / "data"
    runner = CliRunner()
    env = {"WORKBENCH_DATA_DIR": str(data)}
    created = runner.invoke(app, ["--demo", "demo", "--cases", "1"], env=env)
    assert created.exit_code == 0, created.output
    case = _intake_file(tmp_path)
    refused = runner.invoke(app, ["--demo", "new", str(case)], env=env)
    assert refused.exit_code == 8 and "演示数据库" in refused.output
    assert "--yes" in refused.output
    accepted = runner.invoke(app, ["--demo", "new", str(case), "--yes"], env=env)
    assert accepted.exit_code == 0, accepted.output


def test_evidence_temp_leftovers_go_at_start_and_are_reported(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    db_id = store.db_id
    store.dispose()
    blobs = BlobStore(tmp_path / "evidence" / db_id)
    blobs.root.mkdir(parents=True)
    old = blobs.root / f"{TEMP_PREFIX}abc"
    old.write_bytes(b"half a file")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    env = {"WORKBENCH_EVIDENCE_DIR": str(tmp_path / "evidence")}
    doctor = CliRunner().invoke(app, ["--db", url, "doctor"], env=env)
    assert "evidence temp" in doctor.output and "1 个中断导入" in doctor.output
    result = CliRunner().invoke(app, ["--db", url, "evidence", "verify"], env=env)
    assert result.exit_code == 0, result.output
    assert "已清除 1 个中断导入留下的证据临时文件" in result.stderr
    assert not old.exists()


@pytest.mark.postgres
def test_a_postgresql_writer_behind_a_row_lock_gets_busy(
        pg_server: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import _counter

    url = pg_server.create_database(f"lock{os.getpid()}_{next(_counter)}")  # type: ignore[attr-defined]
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT", "300ms")
    holder, waiter = open_test_store(url), open_test_store(url)
    try:
        with chain_lock_held(holder):
            started = time.monotonic()
            with pytest.raises(StorageError, match="数据库忙，请稍后重试"), \
                    waiter.write() as session:
                session.merge(Meta(key="chain_head", value="x"))
                session.flush()
            assert time.monotonic() - started < 5
    finally:
        holder.dispose()
        waiter.dispose()


@contextlib.contextmanager
def chain_lock_held(holder: Store, seconds: float = 10) -> Iterator[None]:
    """Another session holding the chain head's row lock (for at most `seconds`)."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with holder.write() as session:
            session.execute(text("SELECT value FROM wb_meta WHERE key = 'chain_head' "
                                 "FOR UPDATE"))
            locked.set()
            release.wait(seconds)

    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert locked.wait(10)
        yield
    finally:
        release.set()
        thread.join()


async def test_the_tui_asks_before_a_new_case_in_a_demo_database(tmp_path: Path) -> None:
    from tests.conftest import _passphrase
    from tests.tui_support import make_app, settle
    from workbench.tui.dialogs import ConfirmDialog
    from workbench.tui.intake_screen import IntakeScreen
    from workbench.tui.queue_screen import QueueScreen

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    open_store(url, _passphrase, demo=True).dispose()
    app = make_app(url)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "演示数据库" in app.screen.question
        await pilot.press("n")  # no: back to the queue, no form
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        assert isinstance(app.screen, IntakeScreen)


@pytest.mark.postgres
@pytest.mark.parametrize("held_s", [0.5, None])  # released during the retries / never
def test_a_postgresql_writer_retries_the_chain_lock_before_it_is_busy(
        pg_server: object, monkeypatch: pytest.MonkeyPatch, held_s: float | None) -> None:
    """The chain lock is retried (each wait one lock timeout, in a savepoint) before the
    writer is told the database is busy: a colleague's short write costs a wait, not an
    error."""
    from tests.conftest import TODAY, _counter
    from tests.factories import new_case
    from workbench.domain.clock import FrozenClock
    from workbench.services.context import Workbench
    from workbench.store import audit

    url = pg_server.create_database(f"retry{os.getpid()}_{next(_counter)}")  # type: ignore[attr-defined]
    monkeypatch.setattr(engine_module, "LOCK_TIMEOUT", "300ms")
    holder, waiter = open_test_store(url), open_test_store(url)
    wb = Workbench(store=waiter, actor="alice", clock=FrozenClock.on(TODAY))
    new_case(wb)  # the chain head exists
    try:
        with chain_lock_held(holder, held_s if held_s is not None else 10):
            started = time.monotonic()
            if held_s is not None:
                assert new_case(wb, title="等过锁的案件").ref  # waited, retried, written
                assert time.monotonic() - started >= held_s * 0.8
            else:
                with pytest.raises(StorageError, match="数据库忙，请稍后重试"):
                    new_case(wb, title="等不到锁的案件")
                assert time.monotonic() - started >= 0.3 * audit.LOCK_TRIES * 0.8
    finally:
        holder.dispose()
        waiter.dispose()
