"""The shape of each case's life before any text is written: which rungs it climbed and
when, where it stands today, who works it, and whether it is (a little) overdue.

Open cases entered their current stage recently enough that the deadline is still ahead,
except a few per assignee (at most `OVERDUE_SHARE`) that are late by at most
`MAX_OVERDUE_DAYS`: a caseworker's queue opens on work due in the coming days and weeks,
not on a wall of year-old cases. Closed cases lean towards the old end of the window.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise

from workbench.demo.days import OFFICE_END, OFFICE_START, WINDOW_DAYS, DayClock
from workbench.demo.draws import Rand, Weighted
from workbench.demo.phrases import ESCALATE_REASONS, SKIP_REASONS
from workbench.domain.ladder import CLOSING_OUTCOMES, OPEN_STAGES, Outcome, Stage, rung

OVERDUE_SHARE = 0.05  # of each assignee's open cases (at least one once there are ten)
MAX_OVERDUE_DAYS = 30

# share of cases per current stage, in percent: over two years most cases are closed, and
# a caseworker holds a working queue, not a backlog
STAGE_WEIGHTS: tuple[tuple[Stage, int], ...] = (
    (Stage.INTAKE, 4), (Stage.PROVIDER, 6), (Stage.SUPERIOR, 4), (Stage.MEDIATION, 5),
    (Stage.NATIONAL, 1), (Stage.INDUSTRY, 2), (Stage.MEDIA, 1), (Stage.LEGAL, 1),
    (Stage.CLOSED, 76),
)
# the stage a closed case was closed from
CLOSED_FROM: tuple[tuple[Stage, int], ...] = (
    (Stage.INTAKE, 8), (Stage.PROVIDER, 30), (Stage.SUPERIOR, 20), (Stage.MEDIATION, 24),
    (Stage.NATIONAL, 3), (Stage.INDUSTRY, 9), (Stage.MEDIA, 3), (Stage.LEGAL, 3),
)
OUTCOME_WEIGHTS: tuple[tuple[Outcome, int], ...] = (
    (Outcome.RESOLVED, 38), (Outcome.PARTIALLY_RESOLVED, 20), (Outcome.WITHDRAWN, 15),
    (Outcome.REJECTED, 12), (Outcome.REFERRED, 15),
)
# days a case typically spends in a stage it has left (calendar days, min/max)
STAGE_DWELL: dict[Stage, tuple[int, int]] = {
    Stage.INTAKE: (1, 12), Stage.PROVIDER: (5, 50), Stage.SUPERIOR: (7, 60),
    Stage.MEDIATION: (20, 110), Stage.NATIONAL: (5, 30), Stage.INDUSTRY: (10, 60),
    Stage.MEDIA: (7, 40), Stage.LEGAL: (30, 150),
}


@dataclass(slots=True)
class Step:
    """Entering `stage` at `moment`, for `reason` (the intake step has none)."""

    stage: Stage
    moment: int
    reason: str


@dataclass(slots=True)
class CasePlan:
    opened: int  # moment
    draw: int  # draw order (the first draws cover every stage, outcome, category …)
    stage: Stage  # where it stands now
    last: Stage  # the last open stage (the current one unless closed)
    steps: list[Step]  # intake first; a closed case's last step enters `closed`
    outcome: Outcome | None
    assignee: str | None
    overdue: bool


class Planner:
    def __init__(self, r: Rand, clock: DayClock, workers: list[str],
                 supervisors: list[str]) -> None:
        self.r, self.clock = r, clock
        self.workers, self.supervisors = workers, supervisors
        # who gets cases: caseworkers mostly, supervisors a few of the heavy ones
        self.assignees = Weighted([(w, 10) for w in workers] + [(s, 3) for s in supervisors])
        today = clock.days[clock.today]
        # open cases enter their stage on or after these days (due today or later, or
        # at most MAX_OVERDUE_DAYS ago)
        self.on_time = {s: clock.earliest_entry(s, today) for s in OPEN_STAGES}
        self.late = {s: clock.earliest_entry(s, today - timedelta(days=MAX_OVERDUE_DAYS))
                     for s in OPEN_STAGES}

    def plans(self, n: int) -> list[CasePlan]:
        """`n` case plans, sorted by opening time so that ids and refs follow it."""
        r, clock = self.r, self.clock
        stage_w = Weighted(STAGE_WEIGHTS)
        closed_w = Weighted(CLOSED_FROM)
        outcome_w = Weighted(OUTCOME_WEIGHTS)
        today, first = clock.today, clock.today - WINDOW_DAYS
        all_stages = [*OPEN_STAGES, Stage.CLOSED]
        all_outcomes = list(CLOSING_OUTCOMES)
        open_count: dict[str | None, int] = defaultdict(int)
        late_count: dict[str | None, int] = defaultdict(int)
        out = []
        for i in range(n):
            # the first cases cover every stage and outcome, whatever the size
            stage: Stage = all_stages[i] if i < len(all_stages) else stage_w.draw(r)
            outcome: Outcome | None = None
            if stage is Stage.CLOSED:
                last: Stage = closed_w.draw(r)
                outcome = outcome_w.draw(r)
                if last is Stage.INTAKE:
                    outcome = r.pick((Outcome.WITHDRAWN, Outcome.REJECTED, Outcome.REFERRED))
            else:
                last = stage
            if len(all_stages) <= i < len(all_stages) + len(all_outcomes):
                stage, last = Stage.CLOSED, Stage.PROVIDER
                outcome = all_outcomes[i - len(all_stages)]
            closed = stage is Stage.CLOSED
            assignee = self._assignee(i, stage)
            path = self._path(last)
            overdue = False
            if closed:
                # some cases move briskly, others drag on (extensions, unreachable parties)
                slow = 0.6 + 3.4 * r.random() ** 2
                durations = [int(r.num(*STAGE_DWELL[s]) * slow) for s, _ in path]
                # opened over the window, more of them long ago; closed by yesterday
                opened = today - 3 - int((WINDOW_DAYS - 3) * r.random() ** 0.5)
                total = sum(durations)
                if opened + total > today - 1:
                    durations = [d * (today - 1 - opened) // total for d in durations]
            else:
                open_count[assignee] += 1
                allowed = max(OVERDUE_SHARE * open_count[assignee],
                              1 if open_count[assignee] >= 10 else 0)
                overdue = late_count[assignee] + 1 <= allowed and r.chance(0.3)
                if overdue:
                    late_count[assignee] += 1
                    end = r.num(self.late[last], max(self.late[last], self.on_time[last] - 1))
                else:
                    end = r.num(self.on_time[last], today - 1)
                slow = 0.6 + 1.4 * r.random() ** 2
                durations = [int(r.num(*STAGE_DWELL[s]) * slow) for s, _ in path[:-1]]
                total = sum(durations)
                if end - total < first:
                    room = max(0, end - first)
                    durations = [d * room // total for d in durations] if total else durations
                opened = end - sum(durations)
            days = [opened]
            for d in durations:
                days.append(days[-1] + d)
            # days[k] is when path[k] was entered; a closed case's last day is its closing
            moments = self._moments(days)
            steps = [Step(s, m, reason) for (s, reason), m in zip(path, moments, strict=False)]
            if closed:
                steps.append(Step(Stage.CLOSED, moments[-1], ""))
            out.append(CasePlan(moments[0], i, stage, last, steps, outcome, assignee, overdue))
        out.sort(key=lambda p: (p.opened, p.draw))
        return out

    def _assignee(self, draw: int, stage: Stage) -> str | None:
        """Most cases have one; new intake cases often wait for one; the first draws give
        every caseworker and supervisor a case."""
        people = self.workers + self.supervisors
        if draw < len(people):
            return people[draw]
        closed = stage is Stage.CLOSED
        if self.r.chance(0.4 if stage is Stage.INTAKE else 0.02 if closed else 0.05):
            return None
        assignee: str = self.assignees.draw(self.r)
        return assignee

    def _moments(self, days: list[int]) -> list[int]:
        """Strictly increasing moments, in office hours on working days where possible."""
        r, back = self.r, self.clock.workday_back
        result: list[int] = []
        prev = -1
        for day in days:
            day = back[day]
            moment = day * 86400 + r.num(OFFICE_START, OFFICE_END - 3600)
            if moment <= prev:
                moment = prev + r.num(600, 5400)
            result.append(moment)
            prev = moment
        return result

    def _path(self, last: Stage) -> list[tuple[Stage, str]]:
        """The rungs a case climbed to reach `last`, each with the reason for entering it."""
        r = self.r
        s = [Stage.INTAKE]
        if last is Stage.INTAKE:
            pass
        elif last is Stage.PROVIDER:
            s += [Stage.PROVIDER]
        elif last is Stage.SUPERIOR:
            s += [Stage.PROVIDER, Stage.SUPERIOR]
        else:
            base = [Stage.PROVIDER, Stage.SUPERIOR, Stage.MEDIATION] if r.chance(0.75) \
                else [Stage.PROVIDER, Stage.MEDIATION]
            if last is Stage.MEDIATION:
                s += base
            elif last is Stage.NATIONAL:
                s += [*base, Stage.NATIONAL]
            elif last is Stage.INDUSTRY:
                x = r.random()
                s += ([*base, Stage.INDUSTRY] if x < 0.5 else
                      [*base, Stage.NATIONAL, Stage.INDUSTRY] if x < 0.7 else
                      [Stage.PROVIDER, Stage.SUPERIOR, Stage.INDUSTRY])
            else:  # media, legal
                x = r.random()
                s += ([*base, last] if x < 0.55 else
                      [*base, Stage.INDUSTRY, last] if x < 0.85 else
                      [Stage.PROVIDER, Stage.SUPERIOR, last])
        path: list[tuple[Stage, str]] = [(Stage.INTAKE, "")]
        for before, after in pairwise(s):
            skipped = rung(after) - rung(before) > 1 and after in SKIP_REASONS
            reasons = SKIP_REASONS[after] if skipped else ESCALATE_REASONS[after]
            path.append((after, r.pick(reasons)))
        return path
