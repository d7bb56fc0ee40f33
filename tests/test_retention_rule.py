"""Retention as data: class by outcome/category, end = closing + N years, a hold stops it."""

from __future__ import annotations

from datetime import date

from workbench.domain.law import load_register
from workbench.domain.retention import (
    HoldSpan,
    RetentionClass,
    RetentionRule,
    add_years,
    class_for,
    load_seed,
    retention_end,
)

TEN = RetentionClass("y10", "10年", 10)
FOREVER = RetentionClass("permanent", "永久", 0)
RULES = (RetentionRule("", "data_leak", "y30"), RetentionRule("resolved", "", "y10"),
         RetentionRule("resolved", "data_leak", "permanent"))


def test_seed_classes_cite_the_archives_rule() -> None:
    seed = load_seed()
    assert [c.label for c in seed.classes] == ["永久", "30年", "10年"]
    assert seed.law_id in load_register()
    assert seed.klass(seed.default) is not None


def test_most_specific_rule_wins() -> None:
    assert class_for(RULES, "resolved", "data_leak", "y10") == "permanent"
    assert class_for(RULES, "withdrawn", "data_leak", "y10") == "y30"
    assert class_for(RULES, "resolved", "fee_increase", "y30") == "y10"
    assert class_for(RULES, "rejected", "fee_increase", "y30") == "y30"


def test_end_is_closing_plus_years() -> None:
    end = retention_end(date(2026, 3, 1), TEN, (), date(2026, 12, 1))
    assert end.end == date(2036, 3, 1) and not end.held
    assert not end.due(date(2036, 2, 28)) and end.due(date(2036, 3, 1))
    assert add_years(date(2024, 2, 29), 10) == date(2034, 2, 28)


def test_permanent_never_ends() -> None:
    end = retention_end(date(2026, 3, 1), FOREVER, (), date(2100, 1, 1))
    assert end.end is None and not end.due(date(2100, 1, 1))


def test_open_hold_stops_the_clock_and_release_resumes_it() -> None:
    closed = date(2026, 3, 1)
    hold = HoldSpan(date(2036, 1, 1), None)
    held = retention_end(closed, TEN, (hold,), date(2037, 1, 1))
    assert held.held and held.end is None and not held.due(date(2040, 1, 1))
    released = HoldSpan(date(2036, 1, 1), date(2036, 1, 31))  # released after 30 days
    after = retention_end(closed, TEN, (released,), date(2037, 1, 1))
    assert not after.held and after.held_days == 30
    assert after.end == date(2036, 3, 31)


def test_hold_with_until_counts_to_that_day_and_overlaps_count_once() -> None:
    closed = date(2026, 3, 1)
    spans = (HoldSpan(date(2027, 1, 1), date(2027, 1, 11)),
             HoldSpan(date(2027, 1, 6), date(2027, 1, 21)))
    seen = retention_end(closed, TEN, spans, date(2027, 1, 8))
    assert seen.held and seen.held_days == 20 and seen.end == date(2036, 3, 21)
    before = HoldSpan(date(2025, 1, 1), date(2026, 3, 11))  # only the days after closing
    assert retention_end(closed, TEN, (before,), date(2027, 1, 1)).held_days == 10
