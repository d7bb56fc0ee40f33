"""One date style everywhere in the TUI: 2026-10-09, shortened to 10-09 in the current
year when narrow; the overview's time left: 逾期 N 天 / 剩 N 个工作日."""

from __future__ import annotations

from datetime import date, datetime

from workbench.domain.calendar import WorkCalendar
from workbench.domain.dates import day_text, due_left, short
from workbench.services.queue import QueueRow
from workbench.tui.queue_table import COLUMNS, due_text

TODAY = date(2026, 11, 26)  # a Thursday


def test_day_text_full_and_short() -> None:
    assert day_text(date(2026, 10, 9)) == "2026-10-09"
    assert day_text(date(2026, 10, 9), TODAY) == "10-09"
    assert day_text(date(2025, 10, 9), TODAY) == "2025-10-09"
    assert day_text(date(2027, 1, 5), TODAY) == "2027-01-05"
    assert day_text(None) == "—"


def test_short_shortens_shown_dates_and_times_alike() -> None:
    assert short("2026-10-09 14:30", TODAY) == "10-09 14:30"
    assert short("2026-10-09", TODAY) == "10-09"
    assert short("2025-10-09 14:30", TODAY) == "2025-10-09 14:30"
    assert short("", TODAY) == "" and short("—", TODAY) == "—"
    assert short("2026年", TODAY) == "2026年"  # not a date: unchanged


def test_due_left_counts_working_days_ahead_and_calendar_days_overdue() -> None:
    calendar = WorkCalendar()
    assert due_left(date(2026, 11, 23), TODAY, calendar) == "逾期 3 天"
    assert due_left(TODAY, TODAY, calendar) == "今天到期"
    assert due_left(date(2026, 11, 30), TODAY, calendar) == "剩 2 个工作日"  # Fri, Mon
    assert due_left(date(2026, 11, 27), TODAY, calendar) == "剩 1 个工作日"


def _row(due: date | None, estimated: bool = False) -> QueueRow:
    return QueueRow(id=1, ref="TS-2026-000001", title="t", opened_at=datetime(2026, 1, 1),
                    complainant="张三", complainant_kind="consumer", merchant_name="",
                    provider="p", primary_category="other", stage="provider", status="open",
                    due_on=due, due_estimated=estimated, assignee=None, priority="normal",
                    version=1)


def test_queue_due_column_uses_the_one_style() -> None:
    assert due_text(_row(date(2026, 12, 20)), TODAY) == (" 12-20", "")
    assert due_text(_row(date(2025, 10, 9)), TODAY) == ("!2025-10-09", "overdue")
    assert due_text(_row(date(2026, 11, 20)), TODAY) == ("!11-20", "overdue")
    assert due_text(_row(date(2026, 11, 28)), TODAY) == ("•11-28", "soon")
    assert due_text(_row(date(2027, 1, 5), estimated=True), TODAY) == (
        "~2027-01-05", "estimated")
    due = next(c for c in COLUMNS if c.key == "due")
    assert due.width >= len("!2025-10-09")
