"""The one date style of the workbench: `2026-10-09` (with a time: `2026-10-09 14:30`).

Where room is short (the queue's 期限 column, lists on a narrow terminal) a date of the
current year drops its year (`10-09`); a date of another year keeps it whole
(`2025-10-09`), never a two-digit year.
"""

from __future__ import annotations

import re
from datetime import date

from workbench.domain.calendar import WorkCalendar

DAY = "%Y-%m-%d"
_SHOWN = re.compile(r"(\d{4})-(\d{2}-\d{2})(?=$|[ T])")


def day_text(day: date | None, today: date | None = None) -> str:
    """`day` in the one style; short (`today` given): without the year in today's year."""
    if day is None:
        return "—"
    if today is not None and day.year == today.year:
        return day.strftime("%m-%d")
    return day.strftime(DAY)


def short(text: str, today: date) -> str:
    """A date or time already shown in the one style ("2026-10-09", "2026-10-09 14:30"),
    shortened as `day_text` does; any other text is returned unchanged."""
    match = _SHOWN.match(text)
    if match is None or int(match.group(1)) != today.year:
        return text
    return match.group(2) + text[match.end():]


def due_left(due: date, today: date, calendar: WorkCalendar) -> str:
    """How the current deadline stands: 逾期 N 天 (calendar days), 今天到期, or
    剩 N 个工作日 (working days after today up to and including the due day)."""
    if due < today:
        return f"逾期 {(today - due).days} 天"
    if due == today:
        return "今天到期"
    return f"剩 {calendar.working_days_between(today, due)} 个工作日"
