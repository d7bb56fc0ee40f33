"""Demo time: day indices and seconds, turned into UTC datetimes, working days and
deadlines. All of it hangs on the clock's day and time (a frozen one in tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from workbench.demo.draws import Rand
from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.clock import CHINA
from workbench.domain.deadlines import RuleBook, due_for
from workbench.domain.ladder import Stage

WINDOW_DAYS = 548  # cases were opened over the last ~18 months
HISTORY_DAYS = 1800  # narrative dates (when the POS was signed up) reach further back
FUTURE_DAYS = 60  # follow-up dates may lie a little ahead of today
OFFICE_START = 8 * 3600 + 40 * 60
OFFICE_END = 17 * 3600 + 40 * 60


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class DayClock:
    """Day indices and seconds → UTC datetimes; working days; memoised deadlines.

    Day index 0 is `today - HISTORY_DAYS`; `self.today` is the index of `today`. A moment
    is `day * 86400 + seconds after local (Asia/Shanghai) midnight`; `self.now` is the
    clock's own moment, and nothing the demo writes happens after it.
    """

    def __init__(self, now: datetime, calendar: WorkCalendar, rules: RuleBook) -> None:
        local = now.astimezone(CHINA)
        today = local.date()
        self.today = HISTORY_DAYS
        self.now = (self.today * 86400 + local.hour * 3600 + local.minute * 60
                    + local.second)
        self.first = today - timedelta(days=HISTORY_DAYS)
        self.days = [self.first + timedelta(days=i)
                     for i in range(HISTORY_DAYS + FUTURE_DAYS + 1)]
        self.midnight = [datetime(d.year, d.month, d.day, tzinfo=CHINA).astimezone(UTC)
                         for d in self.days]
        self.iso = [d.isoformat() for d in self.days]
        self.ymd = [f"{d:%Y%m%d}" for d in self.days]
        self.cn = [cn_date(d) for d in self.days]
        self.calendar = calendar
        self.rules = rules
        back: list[int] = []
        last = 0
        for i, d in enumerate(self.days):
            if calendar.is_working_day(d):
                last = i
            back.append(last)
        self.workday_back = back
        self._due: dict[tuple[Stage, int, str], DueDate | None] = {}

    def at(self, moment: int) -> datetime:
        day, sec = divmod(moment, 86400)
        return self.midnight[day] + timedelta(seconds=sec)

    def due(self, stage: Stage, day: int, body: str = "") -> DueDate | None:
        """The deadline of `stage` entered on day index `day` (at the industry rung, for
        `body`), by the rule in force that day."""
        key = (stage, day, body if stage is Stage.INDUSTRY else "")
        if key not in self._due:
            self._due[key] = due_for(stage, self.days[day], self.calendar, self.rules,
                                     body=key[2] or None)
        return self._due[key]

    def earliest_entry(self, stage: Stage, due_not_before: date) -> int:
        """The earliest entry day (a working day's index, as `moments` places entries)
        whose deadline for `stage` falls on or after `due_not_before`."""
        day = self.today - 1
        while day > 0:
            due = self.due(stage, self.workday_back[day - 1])
            if due is None or due.day < due_not_before:
                break
            day -= 1
        return day


def between(r: Rand, clock: DayClock, lo: int, hi: int) -> int:
    """A moment strictly between `lo` and `hi`, in office hours on a working day if it can."""
    if hi - lo < 240:
        return lo + max(1, (hi - lo) // 2)
    day_lo, day_hi = lo // 86400, hi // 86400
    day = clock.workday_back[r.num(day_lo, day_hi)]
    moment = day * 86400 + r.num(OFFICE_START, OFFICE_END)
    if moment <= lo or moment >= hi:
        moment = lo + r.num(60, hi - lo - 60)
    return moment
