"""Retention of a closed case file (保管期限): which class a case is kept in and until when.

The classes (永久 / 30年 / 10年) are those of 国家档案局令第8号; which outcome or category goes in
which class is data: seeded from ``retention.toml`` into a table an admin changes. The clock
starts on the China date the case closed; a legal hold stops it for as long as it holds, so
the end moves later by the days held, and while a hold is in force there is no end yet.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

_PACKAGED = "retention.toml"


@dataclass(frozen=True, slots=True)
class RetentionClass:
    """One 保管期限: its code, Chinese label and years (0 = kept for ever)."""

    code: str
    label: str
    years: int

    @property
    def permanent(self) -> bool:
        return self.years == 0


@dataclass(frozen=True, slots=True)
class RetentionRule:
    """Cases with this outcome and/or primary category ("" = any) are kept in ``class_code``."""

    outcome: str
    category: str
    class_code: str

    def matches(self, outcome: str, category: str) -> bool:
        return ((not self.outcome or self.outcome == outcome)
                and (not self.category or self.category == category))

    @property
    def rank(self) -> int:
        """Specificity: outcome + category (3) over category (2) over outcome (1)."""
        return (2 if self.category else 0) + (1 if self.outcome else 0)


@dataclass(frozen=True, slots=True)
class RetentionSeed:
    """The packaged defaults: classes, the law entry they come from, rules, the fallback."""

    law_id: str
    classes: tuple[RetentionClass, ...]
    rules: tuple[RetentionRule, ...]
    default: str

    def klass(self, code: str) -> RetentionClass | None:
        return next((c for c in self.classes if c.code == code), None)


@functools.cache
def load_seed() -> RetentionSeed:
    """The packaged retention classes and default rules (validated)."""
    text = resources.files("workbench.domain").joinpath(_PACKAGED).read_text("utf-8")
    data = tomllib.loads(text)
    classes = tuple(RetentionClass(str(c["code"]), str(c["label"]), int(c["years"]))
                    for c in data["class"])
    codes = {c.code for c in classes}
    rules = tuple(RetentionRule(str(r.get("outcome", "")), str(r.get("category", "")),
                                str(r["class"])) for r in data.get("rule", ()))
    default = str(data["default"])
    unknown = {r.class_code for r in rules} | {default}
    if not unknown <= codes or any(c.years < 0 for c in classes):
        raise ValueError(f"retention.toml: unknown class {sorted(unknown - codes)}")
    return RetentionSeed(str(data["law"]), classes, rules, default)


def class_for(rules: Iterable[RetentionRule], outcome: str, category: str,
              default: str) -> str:
    """The class code of a case: the most specific matching rule, else ``default``."""
    best = max((r for r in rules if r.matches(outcome, category)),
               key=lambda r: r.rank, default=None)
    return best.class_code if best is not None else default


@dataclass(frozen=True, slots=True)
class HoldSpan:
    """A legal hold in days: from ``start`` up to (not including) ``stop``; None = open."""

    start: date
    stop: date | None

    def holds_on(self, day: date) -> bool:
        return self.start <= day and (self.stop is None or day < self.stop)


@dataclass(frozen=True, slots=True)
class RetentionEnd:
    """When a closed case's retention ends, as of one day."""

    end: date | None  # None: permanent, or a hold with no end is in force
    held: bool  # a hold is in force on that day
    held_days: int  # days the clock stood still (after closing)

    def due(self, on: date) -> bool:
        """Whether the retention period is over on ``on`` (and nothing holds it)."""
        return not self.held and self.end is not None and self.end <= on


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February falls on 28 February of a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def held_days(closed_on: date, spans: Sequence[HoldSpan], until: date) -> int:
    """Days from closing up to ``until`` on which at least one hold was in force."""
    ranges = sorted((max(s.start, closed_on), min(s.stop or until, until)) for s in spans)
    total, reach = 0, closed_on
    for start, stop in ranges:
        start = max(start, reach)
        if stop > start:
            total += (stop - start).days
            reach = stop
    return total


def retention_end(closed_on: date, klass: RetentionClass, spans: Sequence[HoldSpan],
                  on: date) -> RetentionEnd:
    """The retention end of a case closed on ``closed_on``, seen on ``on``.

    End = closing + the class's years + the days a hold stood the clock still. A hold in
    force on ``on`` with an ``until`` day counts up to that day (the end is provisional);
    one with no ``until`` leaves no end until it is released.
    """
    held = any(s.holds_on(on) for s in spans)
    if klass.permanent:
        return RetentionEnd(None, held, 0)
    if any(s.holds_on(on) and s.stop is None for s in spans):
        return RetentionEnd(None, True, held_days(closed_on, spans, on))
    horizon = max([on, *(s.stop for s in spans if s.stop is not None)])
    days = held_days(closed_on, spans, horizon)
    return RetentionEnd(add_years(closed_on, klass.years) + timedelta(days=days), held, days)
