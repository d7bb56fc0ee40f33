"""Shared fixtures: real SQLite files and a real PostgreSQL server started from the
machine's binaries. With CI=true a missing PostgreSQL fails the run instead of skipping."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.pgserver import PostgresServer, find_pg_bin
from workbench.domain.clock import FrozenClock
from workbench.filings.style import demo_style_path
from workbench.services.context import Workbench
from workbench.store.engine import Store, open_store

PASSPHRASE = "test-passphrase-123"
TODAY = date(2026, 11, 26)
_counter = itertools.count()


def _passphrase(_db_id: str, demo: bool, _creating: bool) -> str:
    from workbench.secrets import DEMO_PASSPHRASE

    return DEMO_PASSPHRASE if demo else PASSPHRASE


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's real config, data dir or keyring."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    for var in ("WORKBENCH_DB", "WORKBENCH_CONFIG", "WORKBENCH_USER", "WORKBENCH_DATA_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("WORKBENCH_DATA_KEY", PASSPHRASE)
    # an association that has set its letterhead (the shipped one is a sample, refused)
    monkeypatch.setenv("WORKBENCH_FILINGS_STYLE", str(demo_style_path()))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    if find_pg_bin() is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true but no PostgreSQL binaries (initdb, pg_ctl) were found")
        pytest.skip("no PostgreSQL binaries found (set CI=true to make this a failure)")
    with PostgresServer() as server:
        yield server


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'wb.db'}"
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create_database(f"t{os.getpid()}_{next(_counter)}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'wb.db'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url, _passphrase)
    yield opened
    opened.dispose()


@pytest.fixture
def wb(store: Store) -> Workbench:
    # a complete letterhead: the shipped one is a sample, and exports refuse it
    return Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY),
                     filings_style=demo_style_path())


def open_test_store(url: str) -> Store:
    return open_store(url, _passphrase)
