"""PRC working-day arithmetic for deadlines (DESIGN §5).

Working days follow the official PRC calendar, including 调休 make-up days, as
published in ``chinesecalendar``. That package only knows the years it was released
for, so for any other year we fall back to the admin's holiday table and finally to
"Monday–Friday are working days", flagging the result as *estimated*. Nothing here
may raise because a year is unknown: a deadline never crashes the app.

Counting follows 民法典 arts. 201 and 203: the start day is not counted, and a period
whose last day is a rest day ends on the next working day.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType


def _import_package() -> ModuleType | None:
    """chinese_calendar if installed; a missing package degrades to estimates."""
    try:
        return importlib.import_module("chinese_calendar")
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None


_cc = _import_package()

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DueDate:
    """A computed due date; ``estimated`` means part of the count relied on weekends only."""

    day: date
    estimated: bool


def _package_years() -> tuple[int, int] | None:
    """The (first, last) year chinesecalendar has data for, read from its own tables."""
    if _cc is None:
        return None
    try:
        # Same bounds chinese_calendar uses to decide when to raise NotImplementedError.
        keys = _cc.holidays.keys()
        return min(keys).year, max(keys).year
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - defensive
        return None


_PACKAGE_YEARS = _package_years()


@functools.lru_cache(maxsize=1 << 16)  # ~180 years of days; bounded for long sessions
def _package_is_workday(d: date) -> bool | None:
    """chinesecalendar's verdict for ``d``, or None when the year is outside its data."""
    if _cc is None:  # pragma: no cover - it is a declared dependency
        return None
    try:
        return bool(_cc.is_workday(d))
    except NotImplementedError:  # raised for every year the release does not cover
        return None


@dataclass(frozen=True)
class Coverage:
    """The years a calendar knows exactly: chinesecalendar's release (None when it is not
    installed) and the holiday table's years as ranges ("2027–2028, 2030", or "")."""

    package: tuple[int, int] | None
    table: str


def _year_ranges(years: set[int]) -> str:
    """Render {2027, 2028, 2030} as "2027–2028, 2030"."""
    parts: list[str] = []
    ordered = sorted(years)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        first, last = ordered[i], ordered[j]
        parts.append(str(first) if first == last else f"{first}–{last}")
        i = j + 1
    return ", ".join(parts)


class WorkCalendar:
    """PRC working days: chinesecalendar, then the admin holiday table, then weekends only.

    ``holidays`` maps a date to True for a 调休 make-up working day and False for a rest
    day. A year counts as covered by the table as soon as the table has any entry in it;
    within a covered year, days not listed follow the ordinary Monday–Friday week.
    """

    def __init__(self, holidays: Mapping[date, bool] | None = None) -> None:
        """Build a calendar, optionally with the admin's holiday table."""
        self._table: dict[date, bool] = dict(holidays or {})
        self._table_years: frozenset[int] = frozenset(d.year for d in self._table)
        # Deadlines are computed in loops over every open case; memoise per day.
        self._cache: dict[date, tuple[bool, bool]] = {}

    # -- single days -------------------------------------------------------------

    def day_status(self, d: date) -> tuple[bool, bool]:
        """Return ``(is_working, estimated)`` for one day; never raises for unknown years."""
        cached = self._cache.get(d)
        if cached is not None:
            return cached
        verdict = _package_is_workday(d)
        if verdict is not None:
            status = (verdict, False)
        elif d.year in self._table_years:
            status = (self._table.get(d, d.weekday() < 5), False)
        else:
            status = (d.weekday() < 5, True)
        self._cache[d] = status
        return status

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is a working day (estimated for years nobody covers)."""
        return self.day_status(d)[0]

    def next_working_day(self, d: date) -> DueDate:
        """``d`` itself if it is a working day, else the first working day after it."""
        estimated = False
        while True:
            working, est = self.day_status(d)
            estimated = estimated or est
            if working:
                return DueDate(d, estimated)
            d += _ONE_DAY

    # -- periods -----------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> DueDate:
        """The ``n``-th working day after ``start`` (the start day itself is not counted).

        ``n == 0`` returns ``start`` if it is a working day, else the next working day.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return self.next_working_day(start)
        d = start
        estimated = False
        remaining = n
        while remaining:
            d += _ONE_DAY
            working, est = self.day_status(d)
            estimated = estimated or est
            if working:
                remaining -= 1
        return DueDate(d, estimated)

    def add_calendar_days(self, start: date, n: int) -> DueDate:
        """``start + n`` calendar days, moved to the next working day if that is a rest day.

        Only the days whose status decides the result (the last day and any rest days
        after it) can make the result estimated; the days in between do not matter.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        return self.next_working_day(start + timedelta(days=n))

    def working_days_between(self, start: date, end: date) -> int:
        """Number of working days in ``(start, end]``; 0 when ``end <= start``."""
        if end <= start:
            return 0
        count = 0
        d = start + _ONE_DAY
        while d <= end:
            if self.day_status(d)[0]:
                count += 1
            d += _ONE_DAY
        return count

    # -- coverage ----------------------------------------------------------------

    def covers(self, year: int) -> bool:
        """Whether ``year`` is known exactly (chinesecalendar or the holiday table)."""
        if _PACKAGE_YEARS is not None and _PACKAGE_YEARS[0] <= year <= _PACKAGE_YEARS[1]:
            return True
        return year in self._table_years

    def coverage(self) -> Coverage:
        """Which years are exact (the ``doctor`` command words it); other years are
        estimated from weekends only."""
        return Coverage(_PACKAGE_YEARS, _year_ranges(set(self._table_years)))

