"""The one clock: UTC now, China's today, frozen in tests (DESIGN §6)."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from workbench.domain.clock import CHINA, FrozenClock, SystemClock, at_local, local_day, local_time

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"


def test_frozen_clock_is_china_day_and_utc_now() -> None:
    clock = FrozenClock.on(date(2026, 12, 1), hour=7)
    assert clock.now() == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert clock.today() == date(2026, 12, 1)  # 07:00 in Beijing is still yesterday in UTC


def test_frozen_clock_moves_only_when_told() -> None:
    clock = FrozenClock.on(date(2026, 12, 31), hour=23, minute=30)
    assert clock.now() == clock.now()
    clock.advance(timedelta(hours=1))
    assert clock.today() == date(2027, 1, 1)
    clock.move_to(date(2027, 3, 1))
    assert local_time(clock.now()) == "2027-03-01 10:00"


def test_stored_naive_times_are_utc_whatever_the_host() -> None:
    naive = datetime(2026, 12, 1, 16, 30)  # as SQLite hands it back
    assert local_day(naive) == date(2026, 12, 2)
    assert local_time(naive) == "2026-12-02 00:30"
    assert at_local(date(2026, 12, 2), 0, 30) == naive.replace(tzinfo=UTC)


def test_system_clock_is_china_today() -> None:
    clock = SystemClock()
    now = clock.now()
    assert now.tzinfo is not None and now.utcoffset() == timedelta(0)
    utc_today = now.date()
    assert utc_today <= clock.today() <= utc_today + timedelta(days=1)  # UTC+8 never behind
    assert datetime.now(CHINA).utcoffset() == timedelta(hours=8)


def test_the_wall_clock_is_read_in_one_place() -> None:
    """No `datetime.now()`, `date.today()` or `utcnow()` outside domain/clock.py."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "clock.py" and path.parent.name == "domain":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in {"now", "today", "utcnow"}
                    and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in {"datetime", "date"}):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert offenders == []


def test_the_time_zone_is_declared_once() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "Asia/Shanghai\"" in p.read_text(encoding="utf-8")
                 and p.relative_to(PACKAGE) != Path("domain/clock.py")]
    assert offenders == []
