"""Helpers for driving the real app with Pilot on a real SQLite database."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import open_test_store
from workbench.config import LoadedSettings, Settings
from workbench.demo import generate_demo
from workbench.domain.clock import FrozenClock
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench
from workbench.tui.app import WorkbenchApp
from workbench.tui.queue_screen import QueueScreen
from workbench.tui.queue_table import QueueTable

TODAY = date(2026, 11, 26)
DEMO_CASES = 300


def make_demo_template(folder: Path) -> Path:
    path = folder / "template.db"
    store = open_test_store(f"sqlite:///{path}")
    generate_demo(store, cases=DEMO_CASES, seed=7, clock=FrozenClock.on(TODAY))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


def copy_db(template: Path, folder: Path) -> str:
    target = folder / "wb.db"
    shutil.copy(template, target)
    return f"sqlite:///{target}"


def make_app(url: str, *, user: str = "wang.li", config: Path | None = None,
             settings: Settings | None = None) -> WorkbenchApp:
    from workbench.store.blobs import BlobStore

    store = open_test_store(url)
    folder = Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite") \
        else Path("/tmp/wb-test-evidence")
    wb = Workbench(store=store, actor=user, clock=FrozenClock.on(TODAY),
                   blobs=BlobStore(folder / "evidence" / store.db_id))
    ensure_caseworker(wb, user)
    settings = settings or Settings()
    loaded = LoadedSettings(settings, config or Path("/nonexistent/config.toml"), False)
    return WorkbenchApp(wb, loaded)


async def settle(pilot, until: Callable[[], bool] | None = None,  # type: ignore[no-untyped-def]
                 timeout: float = 10.0) -> None:
    """Let workers finish and messages drain (optionally until a condition holds).

    Flows (async workers) may be waiting for a dialog the test is about to answer, so
    only the other workers are waited for, until none is left running across a pause.
    """
    import asyncio
    import contextlib

    from textual.worker import WorkerCancelled

    from workbench.tui.base import FLOW

    def busy() -> list:  # type: ignore[type-arg]
        return [w for w in pilot.app.workers
                if not w.group.startswith(FLOW) and not w.is_finished]

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        quiet = 0
        while quiet < 2:
            running = busy()
            if running:
                quiet = 0
                # an exclusive worker (the queue's 1 s poll) may be cancelled by its successor
                with contextlib.suppress(WorkerCancelled):
                    await pilot.app.workers.wait_for_complete(running)
            else:
                quiet += 1
            await pilot.pause()
        if until is None or until():
            return
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def queue(app: WorkbenchApp) -> tuple[QueueScreen, QueueTable]:
    screen = app.screen
    assert isinstance(screen, QueueScreen), type(screen)
    return screen, screen.query_one(QueueTable)


Check = Callable[[], Awaitable[None]]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once per test module (import this fixture and `url`)."""
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url(template: Path, tmp_path: Path) -> str:
    """A fresh copy of the module's demo database."""
    return copy_db(template, tmp_path)
