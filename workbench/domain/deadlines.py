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
from pathlib import Path
from types import MappingProxyType
from typing import Any

from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.ladder import OPEN_STAGES, Stage
from workbench.domain.limitation import Interruption, limitation_period

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
    clock: DayCount
    days: int
    max_days: int | None  # extension limit, in the same clock
    basis: str
    verified: bool
    note: str


@dataclass(frozen=True)
class RuleBook:
    rules: Mapping[Stage, DeadlineRule]
    limitation_years: int
    limitation_warn_days: int
    limitation_basis: str

    def rule_for(self, stage: Stage) -> DeadlineRule | None:
        """The rule for ``stage``, or None for stages without a deadline (closed)."""
        return self.rules.get(stage)


# -- parsing ---------------------------------------------------------------------

_STAGE_KEYS = frozenset({"clock", "days", "max_days", "basis", "verified", "note"})
_STAGE_REQUIRED = ("clock", "days", "basis", "verified")
_LIMITATION_KEYS = frozenset({"years", "warn_days", "basis"})


def _is_int_at_least(value: object, minimum: int) -> bool:
    # TOML booleans are Python bools, which are ints; `days = true` must not pass.
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _check_stage_value(source: str, stage: str, key: str, value: object) -> None:
    """Validate one key of a stage table, raising RuleFileError naming file/stage/key."""

    def fail(expected: str) -> RuleFileError:
        return RuleFileError(
            f"{source}: [{stage}] {key} = {value!r} is invalid: expected {expected}"
        )

    if key == "clock":
        if value not in {c.value for c in DayCount}:
            raise fail('"working" or "calendar"')
    elif key in {"days", "max_days"}:
        if not _is_int_at_least(value, 0):
            raise fail("a whole number of days >= 0")
    elif key == "verified":
        if not isinstance(value, bool):
            raise fail("true or false")
    elif key in {"basis", "note"} and not isinstance(value, str):
        raise fail("a string")


def _check_limitation_value(source: str, key: str, value: object) -> None:
    """Validate one key of the [limitation] table."""
    if key in {"years", "warn_days"}:
        minimum = 1 if key == "years" else 0
        if not _is_int_at_least(value, minimum):
            raise RuleFileError(
                f"{source}: [{_LIMITATION}] {key} = {value!r} is invalid: "
                f"expected a whole number >= {minimum}"
            )
    elif key == "basis" and not isinstance(value, str):
        raise RuleFileError(
            f"{source}: [{_LIMITATION}] {key} = {value!r} is invalid: expected a string"
        )


def _check_file(source: str, data: Mapping[str, Any]) -> None:
    """Validate the shape of a parsed rule file (full or partial)."""
    stage_codes = {s.value for s in OPEN_STAGES}
    for name, table in data.items():
        if name != _LIMITATION and name not in stage_codes:
            known = ", ".join([*sorted(stage_codes), _LIMITATION])
            hint = " (closed cases have no deadline)" if name == Stage.CLOSED else ""
            raise RuleFileError(f"{source}: unknown stage [{name}]{hint}; expected one of: {known}")
        if not isinstance(table, dict):
            raise RuleFileError(f"{source}: {name} must be a table ([{name}]), got {table!r}")
        allowed = _LIMITATION_KEYS if name == _LIMITATION else _STAGE_KEYS
        for key, value in table.items():
            if key not in allowed:
                raise RuleFileError(
                    f"{source}: [{name}] unknown key {key!r}; "
                    f"expected one of: {', '.join(sorted(allowed))}"
                )
            if name == _LIMITATION:
                _check_limitation_value(source, key, value)
            else:
                _check_stage_value(source, name, key, value)


def _read_toml(source: str, text: str) -> dict[str, Any]:
    """Parse TOML text, turning syntax errors into RuleFileError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{source}: not valid TOML: {exc}") from exc


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Per-table, per-key merge: the override wins key by key, tables are never replaced."""
    merged = {name: dict(table) for name, table in base.items()}
    for name, table in override.items():
        merged.setdefault(name, {}).update(table)
    return merged


def _build(source: str, data: Mapping[str, Any]) -> RuleBook:
    """Turn merged, validated data into a RuleBook, checking completeness."""
    rules: dict[Stage, DeadlineRule] = {}
    for stage in OPEN_STAGES:
        table = data.get(stage.value)
        if table is None:
            raise RuleFileError(f"{source}: missing table [{stage.value}]")
        for key in _STAGE_REQUIRED:
            if key not in table:
                raise RuleFileError(f"{source}: [{stage.value}] missing key {key!r}")
        max_days = table.get("max_days")
        if max_days is not None and max_days < table["days"]:
            raise RuleFileError(
                f"{source}: [{stage.value}] max_days = {max_days} is invalid: "
                f"it is less than days = {table['days']}"
            )
        rules[stage] = DeadlineRule(
            stage=stage,
            clock=DayCount(table["clock"]),
            days=table["days"],
            max_days=max_days,
            basis=table["basis"],
            verified=table["verified"],
            note=table.get("note", ""),
        )
    limitation = data.get(_LIMITATION)
    if limitation is None:
        raise RuleFileError(f"{source}: missing table [{_LIMITATION}]")
    for key in sorted(_LIMITATION_KEYS):
        if key not in limitation:
            raise RuleFileError(f"{source}: [{_LIMITATION}] missing key {key!r}")
    return RuleBook(
        # Read-only view: the default book is cached and shared by every caller.
        rules=MappingProxyType(rules),
        limitation_years=limitation["years"],
        limitation_warn_days=limitation["warn_days"],
        limitation_basis=limitation["basis"],
    )


@functools.cache
def _packaged_data() -> Mapping[str, Any]:
    """The parsed and validated packaged rule file (read once per process)."""
    source = f"{_PACKAGED_NAME} (packaged)"
    text = resources.files("workbench.domain").joinpath(_PACKAGED_NAME).read_text("utf-8")
    data = _read_toml(source, text)
    _check_file(source, data)
    return MappingProxyType(data)


@functools.cache
def _packaged_book() -> RuleBook:
    """The packaged defaults as a RuleBook, built once and shared."""
    return _build(f"{_PACKAGED_NAME} (packaged)", _packaged_data())


def load_rules(override: Path | None = None) -> RuleBook:
    """Load the packaged deadline rules, merged with an admin override file if given.

    The override has the packaged file's shape and may set any subset of keys for any
    stage or ``[limitation]``. Raises RuleFileError (a ValueError) naming the file, the
    stage and the key when the override is missing, not TOML, or malformed.
    """
    if override is None:
        return _packaged_book()
    source = str(override)
    try:
        text = override.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"{source}: cannot read rule file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RuleFileError(f"{source}: not UTF-8 text: {exc}") from exc
    data = _read_toml(source, text)
    _check_file(source, data)
    return _build(source, _merge(_packaged_data(), data))


# -- applying rules --------------------------------------------------------------


def due_for(
    stage: Stage,
    start: date,
    calendar: WorkCalendar,
    rules: RuleBook,
    extra_days: int = 0,
) -> DueDate | None:
    """Due date of ``stage`` entered on ``start``; None for stages without a deadline.

    ``extra_days`` (>= 0) lengthens the period in the rule's own clock, for extensions
    and pauses; it is not capped at ``max_days`` because pauses do not count against
    the extension limit — callers check extensions against the rule themselves.
    """
    rule = rules.rule_for(stage)
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
