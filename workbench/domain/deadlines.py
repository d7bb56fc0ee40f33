"""Deadline rules per ladder stage and the limitation-period warning (DESIGN §5).

The rules are data (``deadline_rules.toml`` shipped in this package) because they
change with the regulations; an admin may override any subset of them with a file of
the same shape. Each rule records its legal basis and whether the figure is verified.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from workbench.bounded_read import RULES_LIMIT, InputFileError, read_bounded_text
from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.ladder import OPEN_STAGES, Stage
from workbench.domain.law import LawRegister, load_register
from workbench.domain.limitation import Interruption, limitation_period
from workbench.domain.vocabulary import IndustryBody, Mediator

_PACKAGED_NAME = "deadline_rules.toml"
_LIMITATION = "limitation"


class DayCount(StrEnum):
    WORKING = "working"
    CALENDAR = "calendar"


class RuleFileError(ValueError):
    """A deadline rule file is unreadable or malformed."""


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    stage: Stage
    label: str  # what the deadline is, for screens and `rules show`
    clock: DayCount
    days: int
    max_days: int | None  # extension limit, in the same clock
    basis: tuple[str, ...]  # register ids; empty: the association's practice
    verified: bool
    note: str = ""
    effective_from: date | None = None
    effective_to: date | None = None  # exclusive
    body: IndustryBody | None = None
    mediator: Mediator | None = None

    def in_force(self, on: date) -> bool:
        if self.effective_from is not None and on < self.effective_from:
            return False
        return self.effective_to is None or on < self.effective_to

    @property
    def selector(self) -> str:
        """The body or mediator the rule is for, as a label ("" when general)."""
        return self.body.label if self.body else self.mediator.label if self.mediator else ""

    @property
    def figure(self) -> str:
        unit = "个工作日" if self.clock is DayCount.WORKING else "日"
        text = f"{self.days}{unit}"
        return text + (f"（最长{self.max_days}{unit}）" if self.max_days else "")


@dataclass(frozen=True)
class RuleBook:
    rules: tuple[DeadlineRule, ...]
    limitation_years: int
    limitation_warn_days: int
    limitation_basis: tuple[str, ...]
    limitation_max_years: int = 20

    def rule_for(self, stage: Stage, on: date | None = None, *,
                 body: IndustryBody | str | None = None,
                 mediator: Mediator | str | None = None) -> DeadlineRule | None:
        """The rule for ``stage`` in force on ``on`` (the day the stage was entered), for
        the chosen body or mediator when a rule names it, else the stage's general rule;
        None for stages without a deadline (closed)."""
        wanted_body = IndustryBody(body) if body else None
        wanted_mediator = Mediator(mediator) if mediator else None
        candidates = [r for r in self.rules if r.stage is stage
                      and (on is None or r.in_force(on))]
        if on is None:  # no day given: the newest version of each
            candidates.sort(key=lambda r: r.effective_from or date.min, reverse=True)
        for rule in candidates:
            if (rule.body, rule.mediator) == (wanted_body, wanted_mediator) \
                    and (wanted_body or wanted_mediator):
                return rule
        for rule in candidates:
            if rule.body is None and rule.mediator is None:
                return rule
        return None

    def in_force(self, on: date) -> list[DeadlineRule]:
        """Every rule in force on ``on``, in ladder order: the table `rules show` prints."""
        order = {stage: i for i, stage in enumerate(OPEN_STAGES)}
        return sorted((r for r in self.rules if r.in_force(on)),
                      key=lambda r: (order[r.stage], r.selector))

    def cited_ids(self) -> set[str]:
        return {i for r in self.rules for i in r.basis} | set(self.limitation_basis)


# -- parsing ---------------------------------------------------------------------

_RULE_KEYS = frozenset({"stage", "label", "clock", "days", "max_days", "basis", "verified",
                        "note", "effective_from", "effective_to", "body", "mediator"})
_RULE_REQUIRED = ("stage", "label", "clock", "days", "basis", "verified")
_LIMITATION_KEYS = frozenset({"years", "max_years", "warn_days", "basis"})
_SelectorKey = tuple[str, str, str, str]


def _is_int_at_least(value: object, minimum: int) -> bool:
    # TOML booleans are Python bools, which are ints; `days = true` must not pass.
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _fail(source: str, where: str, key: str, value: object, expected: str) -> RuleFileError:
    return RuleFileError(f"{source}: {where} {key} = {value!r} 无效：应为{expected}")


def _check_rule(source: str, index: int, raw: Mapping[str, Any]) -> str:
    where = f"[[rule]] #{index + 1}" + (f" ({raw['stage']})" if "stage" in raw else "")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise RuleFileError(f"{source}: {where} 有未知的键 {', '.join(unknown)}；"
                            f"可用：{', '.join(sorted(_RULE_KEYS))}")
    stages = {s.value for s in OPEN_STAGES}
    for key, value in raw.items():
        if key == "stage" and value not in stages:
            hint = "（结案没有期限）" if value == Stage.CLOSED else ""
            raise _fail(source, where, key, value, f"其中之一：{', '.join(sorted(stages))}{hint}")
        if key == "clock" and value not in {c.value for c in DayCount}:
            raise _fail(source, where, key, value, '"working" 或 "calendar"')
        if key in {"days", "max_days"} and not _is_int_at_least(value, 0):
            raise _fail(source, where, key, value, "不小于 0 的整数天数")
        if key == "verified" and not isinstance(value, bool):
            raise _fail(source, where, key, value, "true 或 false")
        if key in {"label", "note"} and not isinstance(value, str):
            raise _fail(source, where, key, value, "文本")
        if key == "basis" and not (isinstance(value, list)
                                   and all(isinstance(v, str) for v in value)):
            raise _fail(source, where, key, value, "法规库条目 id 的列表")
        if key in {"effective_from", "effective_to"} and not isinstance(value, date):
            raise _fail(source, where, key, value, "日期（YYYY-MM-DD，不加引号）")
        if key == "body" and value not in {b.value for b in IndustryBody}:
            raise _fail(source, where, key, value,
                        f"其中之一：{', '.join(b.value for b in IndustryBody)}")
        if key == "mediator" and value not in {m.value for m in Mediator}:
            raise _fail(source, where, key, value,
                        f"其中之一：{', '.join(m.value for m in Mediator)}")
    if "body" in raw and raw.get("stage") != Stage.INDUSTRY:
        raise RuleFileError(f"{source}: {where} 只有 industry 阶段的规则可以指定 body")
    if "mediator" in raw and raw.get("stage") != Stage.MEDIATION:
        raise RuleFileError(f"{source}: {where} 只有 mediation 阶段的规则可以指定 mediator")
    return where


def _key(raw: Mapping[str, Any]) -> _SelectorKey:
    start = raw.get("effective_from")
    return (str(raw.get("stage", "")), str(raw.get("body", "")), str(raw.get("mediator", "")),
            start.isoformat() if isinstance(start, date) else "")


def _check_limitation(source: str, table: object) -> None:
    if not isinstance(table, dict):
        raise RuleFileError(f"{source}: [{_LIMITATION}] 应为表")
    for key, value in table.items():
        if key not in _LIMITATION_KEYS:
            raise RuleFileError(f"{source}: [{_LIMITATION}] 有未知的键 {key!r}；"
                                f"可用：{', '.join(sorted(_LIMITATION_KEYS))}")
        if key == "basis":
            if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                raise _fail(source, f"[{_LIMITATION}]", key, value, "法规库条目 id 的列表")
        elif not _is_int_at_least(value, 0 if key == "warn_days" else 1):
            raise _fail(source, f"[{_LIMITATION}]", key, value, "正整数")


def _parse(source: str, text: str) -> tuple[dict[_SelectorKey, dict[str, Any]], dict[str, Any]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{source}: 不是有效的 TOML：{exc}") from exc
    extra = sorted(set(data) - {"rule", _LIMITATION})
    if extra:
        raise RuleFileError(f"{source}: 未知的表 {', '.join(extra)}（只能有 [[rule]] 和 "
                            f"[{_LIMITATION}]）")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not all(isinstance(r, dict) for r in raw_rules):
        raise RuleFileError(f"{source}: rule 应为 [[rule]] 表的列表")
    rules: dict[_SelectorKey, dict[str, Any]] = {}
    for index, raw in enumerate(raw_rules):
        _check_rule(source, index, raw)
        if "stage" not in raw:
            raise RuleFileError(f"{source}: [[rule]] #{index + 1} 缺少 stage")
        key = _key(raw)
        if key in rules:
            raise RuleFileError(f"{source}: [[rule]] #{index + 1} ({raw['stage']}) 与前面的"
                                "规则重复（同一阶段、机构、调解方式和生效日期）")
        rules[key] = dict(raw)
    limitation = data.get(_LIMITATION, {})
    _check_limitation(source, limitation)
    return rules, dict(limitation)


def _build(source: str, rules: Mapping[_SelectorKey, Mapping[str, Any]],
           limitation: Mapping[str, Any], register: LawRegister) -> RuleBook:
    built: list[DeadlineRule] = []
    for raw in rules.values():
        missing = [k for k in _RULE_REQUIRED if k not in raw]
        where = f"[[rule]] ({raw.get('stage')})"
        if missing:
            raise RuleFileError(f"{source}: {where} 缺少 {', '.join(missing)}")
        if raw.get("max_days") is not None and raw["max_days"] < raw["days"]:
            raise RuleFileError(f"{source}: {where} max_days = {raw['max_days']} 小于 "
                                f"days = {raw['days']}")
        try:
            register.check_ids(raw["basis"], f"{source}: {where} basis")
        except ValueError as exc:
            raise RuleFileError(str(exc)) from exc
        built.append(DeadlineRule(
            stage=Stage(raw["stage"]), label=raw["label"], clock=DayCount(raw["clock"]),
            days=raw["days"], max_days=raw.get("max_days"), basis=tuple(raw["basis"]),
            verified=raw["verified"], note=raw.get("note", ""),
            effective_from=raw.get("effective_from"), effective_to=raw.get("effective_to"),
            body=IndustryBody(raw["body"]) if raw.get("body") else None,
            mediator=Mediator(raw["mediator"]) if raw.get("mediator") else None))
    _check_periods(source, built)
    missing_stages = [s.value for s in OPEN_STAGES
                      if not any(r.stage is s and r.body is None and r.mediator is None
                                 for r in built)]
    if missing_stages:
        raise RuleFileError(f"{source}: 这些阶段没有通用规则：{', '.join(missing_stages)}")
    for key in ("years", "warn_days", "basis"):
        if key not in limitation:
            raise RuleFileError(f"{source}: [{_LIMITATION}] 缺少 {key}")
    try:
        register.check_ids(limitation["basis"], f"{source}: [{_LIMITATION}] basis")
    except ValueError as exc:
        raise RuleFileError(str(exc)) from exc
    return RuleBook(rules=tuple(built), limitation_years=limitation["years"],
                    limitation_warn_days=limitation["warn_days"],
                    limitation_basis=tuple(limitation["basis"]),
                    limitation_max_years=limitation.get("max_years", 20))


def _check_periods(source: str, rules: list[DeadlineRule]) -> None:
    """Two versions of the same rule may not be in force on the same day."""
    groups: dict[tuple[Stage, object, object], list[DeadlineRule]] = {}
    for rule in rules:
        if rule.effective_from and rule.effective_to \
                and rule.effective_to <= rule.effective_from:
            raise RuleFileError(f"{source}: {rule.stage} 规则的失效日期不晚于生效日期")
        groups.setdefault((rule.stage, rule.body, rule.mediator), []).append(rule)
    for (stage, _body, _mediator), group in groups.items():
        group.sort(key=lambda r: r.effective_from or date.min)
        for earlier, later in pairwise(group):
            if earlier.effective_to is None or later.effective_from is None \
                    or later.effective_from < earlier.effective_to:
                raise RuleFileError(f"{source}: {stage} 阶段{later.selector}的两条规则"
                                    "有效期重叠")


@functools.cache
def _packaged_text() -> str:
    return resources.files("workbench.domain").joinpath(_PACKAGED_NAME).read_text("utf-8")


@functools.cache
def _packaged_book() -> RuleBook:
    source = f"{_PACKAGED_NAME} (packaged)"
    rules, limitation = _parse(source, _packaged_text())
    return _build(source, rules, limitation, load_register())


def load_rules(override: Path | None = None, register: LawRegister | None = None) -> RuleBook:
    """The packaged deadline rules, with an admin override file applied.

    A [[rule]] of the override with the same stage, body, mediator and effective_from as
    a packaged one replaces the keys it sets; others are added. Raises RuleFileError (a
    ValueError) naming the file, the rule and the key when something is wrong.
    """
    if override is None and register is None:
        return _packaged_book()
    register = register or load_register()
    source = f"{_PACKAGED_NAME} (packaged)"
    rules, limitation = _parse(source, _packaged_text())
    if override is not None:
        source = str(override)
        try:
            text = read_bounded_text(override, RULES_LIMIT, "期限规则文件")
        except InputFileError as exc:
            raise RuleFileError(f"无法读取规则文件：{exc.message}") from exc
        extra, extra_limitation = _parse(source, text)
        for key, raw in extra.items():
            rules[key] = {**rules.get(key, {}), **raw}
        limitation = {**limitation, **extra_limitation}
    return _build(source, rules, limitation, register)


# -- applying rules --------------------------------------------------------------


def due_for(
    stage: Stage,
    start: date,
    calendar: WorkCalendar,
    rules: RuleBook,
    extra_days: int = 0,
    *,
    body: IndustryBody | str | None = None,
    mediator: Mediator | str | None = None,
) -> DueDate | None:
    """Due date of ``stage`` entered on ``start``; None for stages without a deadline.

    ``extra_days`` (>= 0) lengthens the period in the rule's own clock, for extensions
    and pauses; it is not capped at ``max_days`` because pauses do not count against
    the extension limit — callers check extensions against the rule themselves.
    """
    rule = rules.rule_for(stage, start, body=body, mediator=mediator)
    if rule is None:
        return None
    if extra_days < 0:
        raise ValueError(f"extra_days must be >= 0, got {extra_days}")
    total = rule.days + extra_days
    if rule.clock is DayCount.WORKING:
        return calendar.add_working_days(start, total)
    return calendar.add_calendar_days(start, total)


def limitation_ends(known_on: date, rules: RuleBook) -> date:
    """Last day of the limitation period that starts when the harm became known.

    Per 民法典 art. 202 the period ends on the corresponding day of the final year, or
    the month's last day when there is none (Feb 29 → Feb 28). No rest-day roll-over:
    this date only drives a warning, and an earlier warning is the safe side.
    """
    year = known_on.year + rules.limitation_years
    try:
        return known_on.replace(year=year)
    except ValueError:  # Feb 29 in a non-leap target year
        return known_on.replace(year=year, day=28)


def limitation_warning(known_on: date, today: date, rules: RuleBook,
                       interruptions: Iterable[tuple[date, Interruption]] = ()) -> int | None:
    """Days left in the limitation period when fewer than the warning window remain.

    The period restarts at each interruption (see `domain.limitation.limitation_period`).
    Returns None while at least ``limitation_warn_days`` days remain; 0 on the last
    day; a negative number once the period has expired.
    """
    left = limitation_period(known_on, interruptions, today,
                             years=rules.limitation_years).days_left
    return left if left < rules.limitation_warn_days else None
