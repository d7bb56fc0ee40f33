"""Time as an input (DESIGN §6): one clock, carried by the service context.

Every service, query, deadline, filing and the demo generator asks the clock for *now*
(an aware UTC time, as stored) and *today* (the calendar day in China). Tests freeze it,
so the suite gives the same answers on any date. The time zone is declared here, once.
"""

from __future__ import annotations

import time as time_module
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _china_zone() -> tzinfo:
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:  # e.g. Windows without the tzdata package: no DST since 1991
        return timezone(timedelta(hours=8), "CST")


CHINA = _china_zone()


class Clock(Protocol):
    """Where a use case gets the time from."""

    def now(self) -> datetime:
        """This instant, as an aware UTC datetime."""
        ...

    def today(self) -> date:
        """Today's date in China, whatever the machine's local zone is."""
        ...


def local_day(at: datetime) -> date:
    """The China calendar day of a stored time (naive stored times are UTC)."""
    return as_utc(at).astimezone(CHINA).date()


def local_time(at: datetime) -> str:
    """A stored time as China wall-clock text, e.g. ``2026-12-01 09:30``."""
    return as_utc(at).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def as_utc(at: datetime) -> datetime:
    """An aware UTC datetime; stored naive times are UTC, never the host's zone."""
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def at_local(day: date, hour: int = 9, minute: int = 0) -> datetime:
    """The UTC instant of a China wall-clock time on ``day``."""
    return datetime.combine(day, time(hour, minute), CHINA).astimezone(UTC)


class SystemClock:
    """The machine's clock. The only place in the workbench that reads it."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(CHINA).date()


@dataclass
class FrozenClock:
    """A clock that stands still until moved: for tests, benchmarks and the demo."""

    at: datetime = field(default_factory=lambda: at_local(date(2026, 1, 1)))

    def __post_init__(self) -> None:
        self.at = as_utc(self.at)

    @classmethod
    def on(cls, day: date, hour: int = 10, minute: int = 0) -> FrozenClock:
        """Frozen at a China wall-clock time on ``day`` (10:00 unless told)."""
        return cls(at_local(day, hour, minute))

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return local_day(self.at)

    def advance(self, delta: timedelta) -> None:
        self.at += delta

    def move_to(self, day: date, hour: int = 10, minute: int = 0) -> None:
        self.at = at_local(day, hour, minute)


_PROCESS_STARTED = time_module.time()


def process_started() -> float:
    """When this process started, in seconds since the epoch by the machine's clock: the
    clock file times (mtime) are stamped with, so compare it with file times only."""
    return _PROCESS_STARTED
