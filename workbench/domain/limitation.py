"""The limitation period (诉讼时效) with its interruptions: register entries civil_code.art188
(three years from when the harm was known, twenty at most) and civil_code.art195 (a claim
made to the obligor, or a request to mediate, interrupts it and the period starts again)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from workbench.domain.vocabulary import Coded

BASIS_IDS = ("civil_code.art188", "civil_code.art195")
MAX_YEARS = 20


class Interruption(Coded):
    """What restarted the period (from the contact log and the stage history)."""

    PROVIDER_CLAIM = "provider_claim", "向服务商提出请求"
    SUPERIOR_CLAIM = "superior_claim", "向上级机构提出请求"
    MEDIATION = "mediation", "申请调解"


KNOWN_LABEL = "知道权益受损"  # the period's start when nothing interrupted it


@dataclass(frozen=True, slots=True)
class LimitationPeriod:
    """The period as it stands on ``today``."""

    start: date  # harm_known_on, or the last interruption that counted
    started_by: Interruption | None  # None: the start is harm_known_on
    end: date  # last day
    days_left: int  # 0 on the last day, negative once expired
    used: tuple[tuple[date, Interruption], ...]  # the interruptions that counted, in order
    capped: bool  # the end is the twenty-year maximum

    @property
    def start_label(self) -> str:
        return self.started_by.label if self.started_by else KNOWN_LABEL


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation_period(harm_known_on: date, interruptions: Iterable[tuple[date, Interruption]],
                      today: date, *, years: int = 3,
                      max_years: int = MAX_YEARS) -> LimitationPeriod:
    """The period from ``harm_known_on`` restarted by each interruption up to ``today``.

    An interruption counts only while the period runs: one on or before the current start
    (before the harm was known) or after the period ended (it does not revive an expired
    claim) or after ``today`` is left out. No restart reaches past ``max_years`` after
    ``harm_known_on``.
    """
    cap = add_years(harm_known_on, max_years)
    start, started_by = harm_known_on, None
    end = min(add_years(start, years), cap)
    used: list[tuple[date, Interruption]] = []
    for day, kind in sorted(interruptions, key=lambda item: item[0]):
        if day <= start or day > end or day > today:
            continue
        start, started_by = day, kind
        end = min(add_years(day, years), cap)
        used.append((day, kind))
    return LimitationPeriod(start=start, started_by=started_by, end=end,
                            days_left=(end - today).days, used=tuple(used),
                            capped=end == cap and add_years(start, years) > cap)
