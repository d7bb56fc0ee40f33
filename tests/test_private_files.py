"""Private files: the database, its WAL, evidence, filings and exports are owner-only
(or shared with the `shared_group` team); older loose modes are tightened on start."""

from __future__ import annotations

import grp
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import open_test_store
from workbench import private_files
from workbench.cli import app
from workbench.filings import documents as docs
from workbench.store.blobs import BlobStore
from workbench.store.models import Meta


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _owner_only() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: what made files world-readable before
    private_files.set_shared_group(None)
    yield
    private_files.set_shared_group(None)
    os.umask(old)


def test_a_new_database_and_its_wal_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "data" / "wb.db"
    store = open_test_store(f"sqlite:///{db}")
    try:
        with store.write() as session:
            session.merge(Meta(key="probe", value="1"))
        wal = db.with_name("wb.db-wal")
        shm = db.with_name("wb.db-shm")
        assert wal.exists() and shm.exists()
        assert (mode(db), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
        assert mode(db.parent) == 0o700
    finally:
        store.dispose()


def test_evidence_is_read_only_for_its_owner_alone(tmp_path: Path) -> None:
    source = tmp_path / "contract.pdf"
    source.write_bytes(b"%PDF-1.4 contract")
    blobs = BlobStore(tmp_path / "evidence" / "db1")
    stored = blobs.put(source)
    assert mode(stored.path) == 0o400
    assert mode(stored.path.parent) == 0o700 and mode(blobs.root) == 0o700


def test_a_filing_is_owner_only(tmp_path: Path) -> None:
    out = tmp_path / "filings"
    temp = docs.stage(b"%PDF-1.4 letter", out, ".pdf")
    target = out / "TS-2026-000001 投诉函.pdf"
    docs.publish(temp, target)
    assert mode(target) == 0o600 and mode(out) == 0o700


def test_register_xlsx_and_remind_csv_are_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    open_test_store(url).dispose()
    runner = CliRunner()
    xlsx = tmp_path / "register.xlsx"
    result = runner.invoke(app, ["--db", url, "filings", "register", "--xlsx", str(xlsx)])
    assert result.exit_code == 0, result.output
    csv = tmp_path / "remind.csv"
    result = runner.invoke(app, ["--db", url, "remind", "--csv", str(csv)])
    assert result.exit_code == 0, result.output
    assert mode(xlsx) == 0o600 and mode(csv) == 0o600


def test_shared_group_gives_the_team_group_access(tmp_path: Path) -> None:
    group = grp.getgrgid(os.getgid()).gr_name  # the process's own primary group
    private_files.set_shared_group(group)
    db = tmp_path / "team" / "wb.db"
    open_test_store(f"sqlite:///{db}").dispose()
    assert mode(db) == 0o660 and mode(db.parent) == 0o2770
    assert os.stat(db).st_gid == os.getgid()
    temp = docs.stage(b"x", tmp_path / "team" / "filings", ".pdf")
    assert mode(temp) == 0o660 and mode(temp.parent) == 0o2770
    source = tmp_path / "photo.jpg"
    source.write_bytes(b"\xff\xd8\xff photo")
    assert mode(BlobStore(tmp_path / "team" / "evidence").put(source).path) == 0o440


def test_an_unknown_shared_group_is_a_config_error() -> None:
    from workbench.errors import ConfigError

    with pytest.raises(ConfigError, match="不存在"):
        private_files.set_shared_group("no-such-group-xyz")


def _loose_database(tmp_path: Path) -> tuple[str, Path]:
    data = tmp_path / "data"
    db = data / "wb.db"
    open_test_store(f"sqlite:///{db}").dispose()
    os.chmod(db, 0o644)
    os.chmod(data, 0o755)
    return f"sqlite:///{db}", db


def test_an_existing_0644_database_is_tightened_on_start_with_a_notice(tmp_path: Path) -> None:
    url, db = _loose_database(tmp_path)
    runner = CliRunner()
    env = {"WORKBENCH_DATA_DIR": str(db.parent)}
    first = runner.invoke(app, ["--db", url, "remind"], env=env)
    assert first.exit_code == 0, first.output
    assert "权限收紧为仅本人可读写" in first.stderr and str(db) in first.stderr
    assert mode(db) == 0o600 and mode(db.parent) == 0o700
    again = runner.invoke(app, ["--db", url, "remind"], env=env)
    assert "权限收紧" not in again.stderr  # said once


def test_a_group_writable_team_folder_keeps_its_group(tmp_path: Path) -> None:
    team = tmp_path / "team"
    team.mkdir()
    os.chmod(team, 0o2775)
    changed = private_files.tighten([team])
    assert mode(team) == 0o2770 and changed == [(team, True)]
    assert "本人和所属组" in private_files.notice(changed)


def test_doctor_fails_on_a_world_readable_file(tmp_path: Path) -> None:
    url, db = _loose_database(tmp_path)
    os.chmod(db.parent, 0o700)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", url, "doctor"],
                           env={"WORKBENCH_DATA_DIR": str(db.parent)})
    assert result.exit_code != 0
    line = next(x for x in result.output.splitlines() if "permissions" in x)
    assert "FAIL" in line and "wb.db" in line
    assert mode(db) == 0o644  # the doctor writes nothing


def test_the_deep_walk_is_done_once_then_only_the_top_level(tmp_path: Path) -> None:
    """Start-up must not walk a million evidence files each time: the whole tree is
    tightened once per data folder, later starts look at the top level only."""
    url, db = _loose_database(tmp_path)
    deep = db.parent / "evidence" / "ab" / "cd"
    deep.mkdir(parents=True)
    loose = deep / "old-file"
    loose.write_bytes(b"x")
    os.chmod(loose, 0o644)
    runner = CliRunner()
    env = {"WORKBENCH_DATA_DIR": str(db.parent)}
    first = runner.invoke(app, ["--db", url, "remind"], env=env)
    assert first.exit_code == 0, first.output
    assert mode(loose) == 0o600 and mode(db) == 0o600
    os.chmod(loose, 0o644)
    os.chmod(db, 0o644)
    again = runner.invoke(app, ["--db", url, "remind"], env=env)
    assert again.exit_code == 0, again.output
    assert mode(db) == 0o600  # the top level is still checked on every start
    assert mode(loose) == 0o644  # the deep tree is not walked again (doctor reports it)
