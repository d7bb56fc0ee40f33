"""PRC working-day arithmetic (workbench.domain.calendar, DESIGN §5)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.calendar import Coverage, DueDate, WorkCalendar

CAL = WorkCalendar()
# Stand-in admin table for 2027: New Year's Day off, and one invented make-up Saturday.
TABLE_2027 = {date(2027, 1, 1): False, date(2027, 1, 9): True}

dates_2004_2030 = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
dates_beyond = st.dates(min_value=date(2027, 1, 1), max_value=date(9000, 12, 31))


# -- Spring Festival 2026 (chinesecalendar 1.11.0 data) ----------------------------


def test_package_facts_feb_2026() -> None:
    # Guard: these are the facts the tests below rely on.
    assert chinese_calendar.is_workday(date(2026, 2, 14))  # Saturday, make-up day
    assert chinese_calendar.is_workday(date(2026, 2, 28))  # Saturday, make-up day
    for day in range(15, 24):
        assert not chinese_calendar.is_workday(date(2026, 2, day))
    assert chinese_calendar.is_workday(date(2026, 2, 24))


def test_spring_festival_2026_day_status() -> None:
    assert CAL.day_status(date(2026, 2, 14)) == (True, False)  # 调休 Saturday
    assert CAL.day_status(date(2026, 2, 28)) == (True, False)  # 调休 Saturday
    assert CAL.day_status(date(2026, 2, 16)) == (False, False)  # Monday, holiday
    assert CAL.day_status(date(2026, 2, 23)) == (False, False)  # Monday, last holiday
    assert CAL.day_status(date(2026, 3, 1)) == (False, False)  # ordinary Sunday


def test_spring_festival_2026_working_days() -> None:
    start = date(2026, 2, 12)  # Thursday
    assert CAL.add_working_days(start, 1) == DueDate(date(2026, 2, 13), False)
    assert CAL.add_working_days(start, 2) == DueDate(date(2026, 2, 14), False)  # make-up Sat
    assert CAL.add_working_days(start, 3) == DueDate(date(2026, 2, 24), False)


def test_intake_over_spring_festival_2026() -> None:
    # Opened Fri 13 Feb: 14 (Sat, make-up), 24, 25, 26, 27, 28 (Sat, make-up), 2 Mar.
    due = CAL.add_working_days(date(2026, 2, 13), 7)
    assert due == DueDate(date(2026, 3, 2), False)
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 3, 2)) == 7
    assert CAL.working_days_between(date(2026, 2, 14), date(2026, 2, 23)) == 0


# -- National Day 2026 -------------------------------------------------------------


def test_national_day_2026() -> None:
    assert CAL.is_working_day(date(2026, 9, 20))  # Sunday, make-up day
    assert not CAL.is_working_day(date(2026, 9, 25))  # Mid-autumn Festival (Friday)
    for day in range(1, 8):
        assert not CAL.is_working_day(date(2026, 10, day))
    assert CAL.is_working_day(date(2026, 10, 10))  # Saturday, make-up day
    assert not CAL.is_working_day(date(2026, 10, 11))  # ordinary Sunday

    start = date(2026, 9, 30)  # Wednesday
    assert CAL.add_working_days(start, 1) == DueDate(date(2026, 10, 8), False)
    assert CAL.add_working_days(start, 3) == DueDate(date(2026, 10, 10), False)
    assert CAL.add_working_days(start, 4) == DueDate(date(2026, 10, 12), False)
    assert CAL.working_days_between(start, date(2026, 10, 12)) == 4


# -- New Year 2026 → 2027: past the package's data ---------------------------------


def test_intake_into_2027_without_table_is_estimated() -> None:
    # Dec 29, 30, 31, then weekends-only: Fri Jan 1, Mon 4, Tue 5, Wed 6.
    due = CAL.add_working_days(date(2026, 12, 28), 7)
    assert due == DueDate(date(2027, 1, 6), True)


def test_intake_into_2027_with_table_is_exact() -> None:
    cal = WorkCalendar(TABLE_2027)
    # Jan 1 is a holiday in the table: Dec 29, 30, 31, Jan 4, 5, 6, 7.
    due = cal.add_working_days(date(2026, 12, 28), 7)
    assert due == DueDate(date(2027, 1, 7), False)
    assert cal.day_status(date(2027, 1, 9)) == (True, False)  # make-up Saturday from the table
    assert cal.day_status(date(2027, 1, 10)) == (False, False)  # unlisted Sunday
    assert cal.day_status(date(2027, 1, 11)) == (True, False)  # unlisted Monday
    assert cal.day_status(date(2028, 1, 3)) == (True, True)  # 2028 not in the table


def test_days_in_2026_are_not_estimated_even_if_result_would_cross() -> None:
    assert CAL.add_working_days(date(2026, 12, 28), 3) == DueDate(date(2026, 12, 31), False)


def test_uncovered_years_use_weekends_and_are_estimated() -> None:
    assert CAL.day_status(date(2027, 1, 1)) == (True, True)  # Friday
    assert CAL.day_status(date(2027, 1, 2)) == (False, True)  # Saturday
    assert CAL.day_status(date(2003, 12, 31)) == (True, True)  # before the package's data
    assert CAL.add_calendar_days(date(2027, 3, 1), 5).estimated


def test_package_wins_over_table_in_covered_years() -> None:
    cal = WorkCalendar({date(2026, 10, 8): False})
    assert cal.day_status(date(2026, 10, 8)) == (True, False)


def test_covers_and_coverage() -> None:
    assert CAL.covers(2004) and CAL.covers(2026)
    assert not CAL.covers(2003) and not CAL.covers(2027)
    assert CAL.coverage() == Coverage((2004, 2026), "")
    cal = WorkCalendar({**TABLE_2027, date(2028, 1, 1): False, date(2030, 1, 1): False})
    assert cal.covers(2027) and cal.covers(2028) and not cal.covers(2029)
    assert cal.coverage() == Coverage((2004, 2026), "2027–2028, 2030")


# -- calendar-day periods ------------------------------------------------------------


def test_calendar_days_ending_on_weekend_move_to_monday() -> None:
    # Fri 6 Mar 2026 + 15 = Sat 21 Mar → Mon 23 Mar.
    assert CAL.add_calendar_days(date(2026, 3, 6), 15) == DueDate(date(2026, 3, 23), False)


def test_calendar_days_ending_on_holiday_move_past_it() -> None:
    # 16 Sep + 15 = 1 Oct (National Day) → Thu 8 Oct.
    assert CAL.add_calendar_days(date(2026, 9, 16), 15) == DueDate(date(2026, 10, 8), False)
    # 1 Feb + 15 = 16 Feb (Spring Festival) → Tue 24 Feb.
    assert CAL.add_calendar_days(date(2026, 2, 1), 15) == DueDate(date(2026, 2, 24), False)


def test_calendar_days_ending_on_make_up_day_stay() -> None:
    # 30 Jan + 15 = Sat 14 Feb, a make-up working day.
    assert CAL.add_calendar_days(date(2026, 1, 30), 15) == DueDate(date(2026, 2, 14), False)


def test_calendar_days_into_table_holiday() -> None:
    cal = WorkCalendar(TABLE_2027)
    # 17 Dec 2026 + 15 = Fri 1 Jan 2027: a holiday in the table → Mon 4 Jan, exact.
    assert cal.add_calendar_days(date(2026, 12, 17), 15) == DueDate(date(2027, 1, 4), False)
    # Without the table the same day is an estimated working day.
    assert CAL.add_calendar_days(date(2026, 12, 17), 15) == DueDate(date(2027, 1, 1), True)


# -- edge cases ----------------------------------------------------------------------


def test_zero_days() -> None:
    assert CAL.add_working_days(date(2026, 2, 13), 0) == DueDate(date(2026, 2, 13), False)
    assert CAL.add_working_days(date(2026, 2, 15), 0) == DueDate(date(2026, 2, 24), False)
    assert CAL.add_calendar_days(date(2026, 10, 3), 0) == DueDate(date(2026, 10, 8), False)


def test_negative_days_rejected() -> None:
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_working_days(date(2026, 1, 5), -1)
    with pytest.raises(ValueError, match="n must be >= 0"):
        CAL.add_calendar_days(date(2026, 1, 5), -1)


def test_working_days_between_empty_ranges() -> None:
    assert CAL.working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    assert CAL.working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0


# -- properties ----------------------------------------------------------------------


@settings(deadline=None)
@given(start=dates_2004_2030, n=st.integers(min_value=0, max_value=120))
def test_due_is_a_working_day_not_before_start(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert due.day >= start
    assert CAL.is_working_day(due.day)
    cal_due = CAL.add_calendar_days(start, n)
    assert cal_due.day >= start + timedelta(days=n)
    assert CAL.is_working_day(cal_due.day)


@settings(deadline=None)
@given(start=dates_2004_2030, n=st.integers(min_value=1, max_value=120))
def test_working_days_roundtrip(start: date, n: int) -> None:
    assert CAL.working_days_between(start, CAL.add_working_days(start, n).day) == n


@settings(deadline=None)
@given(start=dates_2004_2030, n=st.integers(min_value=1, max_value=120))
def test_working_days_roundtrip_with_table(start: date, n: int) -> None:
    cal = WorkCalendar(TABLE_2027)
    assert cal.working_days_between(start, cal.add_working_days(start, n).day) == n


@settings(deadline=None)
@given(start=dates_2004_2030, n=st.integers(min_value=0, max_value=120))
def test_estimated_only_when_leaving_the_data(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    # Every day the count looks at lies between start and the due day.
    assert due.estimated is (due.day.year > 2026)


@settings(deadline=None)
@given(
    a=dates_2004_2030,
    gap1=st.integers(min_value=0, max_value=200),
    gap2=st.integers(min_value=0, max_value=200),
)
def test_working_days_between_is_additive(a: date, gap1: int, gap2: int) -> None:
    b = a + timedelta(days=gap1)
    c = b + timedelta(days=gap2)
    assert CAL.working_days_between(a, c) == (
        CAL.working_days_between(a, b) + CAL.working_days_between(b, c)
    )


@settings(deadline=None)
@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30)),
    gap=st.integers(min_value=1, max_value=150),
)
def test_agrees_with_chinese_calendar(start: date, gap: int) -> None:
    end = min(start + timedelta(days=gap), date(2026, 12, 31))
    expected = len(chinese_calendar.get_workdays(start + timedelta(days=1), end))
    assert CAL.working_days_between(start, end) == expected


@settings(deadline=None)
@given(start=dates_beyond, n=st.integers(min_value=0, max_value=120))
def test_years_beyond_2026_never_raise(start: date, n: int) -> None:
    due = CAL.add_working_days(start, n)
    assert due.day >= start and due.estimated
    assert CAL.add_calendar_days(start, n).estimated
    if n:
        assert CAL.working_days_between(start, due.day) == n

    cal = WorkCalendar(TABLE_2027)
    due = cal.add_working_days(start, n)
    # Exact only while every day looked at stays inside the table's year.
    assert due.estimated is not (start.year == due.day.year == 2027)
