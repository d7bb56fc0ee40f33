"""Bounded input: files the workbench reads are regular files under a cap (a FIFO never
hangs, /dev/zero never fills memory); filters are capped; field limits and NUL are
refused the same way on SQLite and PostgreSQL; a failed intake leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import TODAY
from tests.test_intake import GOOD
from workbench.bounded_read import SETTINGS_LIMIT, InputFileError, read_bounded_text
from workbench.config import load_settings
from workbench.domain.query import MAX_FILTER_CHARS, FilterError, parse_filter
from workbench.errors import ConfigError, RuleViolation
from workbench.services import intake
from workbench.services.context import Workbench
from workbench.store.engine import Store
from workbench.store.models import CaseEvent, Complainant, Provider


def finishes_within(seconds: float, fn: Any) -> BaseException | None:
    """Run fn in a thread; the exception it raised (None if none); fail if it hangs."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:
            outcome.append(exc)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked on the file"
    return outcome[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


def test_a_fifo_as_config_file_is_an_error_within_a_second(fifo: Path) -> None:
    error = finishes_within(1.0, lambda: load_settings(fifo, environ={}))
    assert isinstance(error, ConfigError) and "命名管道" in error.message


def test_a_fifo_as_intake_file_is_refused_by_the_cli_at_once(fifo: Path,
                                                             tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "workbench"), "--db", f"sqlite:///{tmp_path / 'wb.db'}",
         "new", str(fifo)], capture_output=True, text=True, timeout=20,
        env={**os.environ, "WORKBENCH_CONFIG": str(tmp_path / "none.toml")})
    assert done.returncode == 8 and "命名管道" in done.stderr
    assert not (tmp_path / "wb.db").exists()  # refused before anything was opened


@pytest.mark.parametrize("what", ["device", "directory", "oversize"])
def test_devices_directories_and_oversize_files_are_refused(tmp_path: Path, what: str) -> None:
    if what == "device":
        path = Path("/dev/zero")
    elif what == "directory":
        path = tmp_path
    else:
        path = tmp_path / "big.toml"
        path.write_bytes(b"#" * (SETTINGS_LIMIT + 1))
    error = finishes_within(2.0, lambda: intake.form_from_toml(path))
    assert isinstance(error, InputFileError) and isinstance(error, RuleViolation)
    assert {"device": "设备文件", "directory": "文件夹", "oversize": "太大"}[what] in \
        error.message


def test_undecodable_and_nul_text_is_refused(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("2027-01-01,rest,元旦".encode("gbk"))
    with pytest.raises(InputFileError, match="UTF-8"):
        read_bounded_text(gbk, SETTINGS_LIMIT, "节假日文件")
    nul = tmp_path / "nul.toml"
    nul.write_bytes(b'title = "a"\x00')
    with pytest.raises(InputFileError, match="NUL"):
        read_bounded_text(nul, SETTINGS_LIMIT, "登记文件")


def test_rules_style_and_holiday_files_are_bounded(fifo: Path) -> None:
    from workbench.domain.deadlines import RuleFileError, load_rules
    from workbench.domain.law import RegisterError, load_register
    from workbench.filings.style import load_style

    assert isinstance(finishes_within(1.0, lambda: load_rules(fifo)), RuleFileError)
    assert isinstance(finishes_within(1.0, lambda: load_register(fifo)), RegisterError)
    assert isinstance(finishes_within(1.0, lambda: load_style(fifo)), ValueError)


def test_the_queue_filter_is_capped() -> None:
    with pytest.raises(FilterError, match="太长"):
        parse_filter("a" * (MAX_FILTER_CHARS + 1), TODAY)
    with pytest.raises(FilterError, match="太多"):
        parse_filter(" ".join(["x"] * 21), TODAY)
    with pytest.raises(FilterError, match="无效字符"):
        parse_filter("押金\x00", TODAY)
    with pytest.raises(FilterError, match="无效字符"):
        parse_filter("押金\ud800", TODAY)


def test_a_too_long_field_is_refused_on_both_backends(store: Store) -> None:
    too_long = r"「名称」（provider.name） 太长：201 个字符，最多 200"
    with pytest.raises(RuleViolation, match=too_long), store.write() as session:
        session.add(Provider(name="长" * 201))
    with pytest.raises(RuleViolation, match="NUL"), store.write() as session:
        session.add(Provider(name="示例\x00支付"))
    with store.write() as session:
        session.add(Provider(name="长" * 200))  # the limit itself is fine
    with store.session() as session:
        assert session.execute(select(func.count()).select_from(Provider)).scalar() == 1


def test_a_failed_intake_leaves_no_provider_behind(wb: Workbench) -> None:
    # passes every intake check; only the case row (terminal_sn: 64 characters) is refused
    bad = replace(GOOD, provider="全新的示例支付有限公司", terminal_sn="S" * 65)
    with pytest.raises(RuleViolation, match="terminal_sn"):
        intake.submit(wb, bad)
    with wb.store.session() as session:
        for table in (Provider, Complainant, CaseEvent):
            assert session.execute(select(func.count()).select_from(table)).scalar() == 0
