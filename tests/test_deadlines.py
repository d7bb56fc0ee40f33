"""Deadline rule table, due dates and the limitation warning (DESIGN §5)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.calendar import DueDate, WorkCalendar
from workbench.domain.deadlines import (
    DayCount,
    DeadlineRule,
    RuleBook,
    RuleFileError,
    due_for,
    limitation_ends,
    limitation_warning,
    load_rules,
)
from workbench.domain.ladder import OPEN_STAGES, Stage

CAL = WorkCalendar()
RULES = load_rules()


def write(tmp_path: Path, text: str, name: str = "override.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the packaged rule table ---------------------------------------------------------


def test_every_open_stage_has_a_rule_and_closed_has_none() -> None:
    assert set(RULES.rules) == set(OPEN_STAGES)
    assert RULES.rule_for(Stage.CLOSED) is None
    for stage in OPEN_STAGES:
        rule = RULES.rule_for(stage)
        assert isinstance(rule, DeadlineRule)
        assert rule.stage is stage
        assert rule.basis


@pytest.mark.parametrize(
    ("stage", "clock", "days", "max_days"),
    [
        (Stage.INTAKE, DayCount.WORKING, 7, None),
        (Stage.PROVIDER, DayCount.CALENDAR, 15, 60),
        (Stage.SUPERIOR, DayCount.CALENDAR, 15, 60),
        (Stage.MEDIATION, DayCount.WORKING, 45, None),
        (Stage.NATIONAL, DayCount.WORKING, 7, None),
        (Stage.INDUSTRY, DayCount.CALENDAR, 15, None),
        (Stage.MEDIA, DayCount.WORKING, 10, None),
        (Stage.LEGAL, DayCount.WORKING, 10, None),
    ],
)
def test_default_figures(stage: Stage, clock: DayCount, days: int, max_days: int | None) -> None:
    rule = RULES.rule_for(stage)
    assert rule is not None
    assert (rule.clock, rule.days, rule.max_days) == (clock, days, max_days)


def test_bases_and_notes() -> None:
    intake = RULES.rule_for(Stage.INTAKE)
    assert intake is not None and "《消费者权益保护法》第四十六条" in intake.basis
    mediation = RULES.rule_for(Stage.MEDIATION)
    assert mediation is not None
    assert mediation.verified is False
    assert "令第121号" in mediation.note and "60" in mediation.note
    industry = RULES.rule_for(Stage.INDUSTRY)
    assert industry is not None and "支付清算协会" in industry.note
    assert "5个工作日" in industry.note and "30个工作日" in industry.note
    others = [s for s in OPEN_STAGES if s is not Stage.MEDIATION]
    assert all(r.verified for s, r in RULES.rules.items() if s in others)


def test_limitation_defaults() -> None:
    assert RULES.limitation_years == 3
    assert RULES.limitation_warn_days == 90
    assert RULES.limitation_basis == "民法典第一百八十八条"


def test_default_is_cached_and_read_only() -> None:
    assert load_rules() is load_rules()
    with pytest.raises(TypeError):
        RULES.rules[Stage.INTAKE] = RULES.rules[Stage.LEGAL]  # type: ignore[index]


# -- admin overrides -----------------------------------------------------------------


def test_override_merges_key_by_key(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[mediation]
days = 60
verified = true

[provider]
max_days = 45

[limitation]
warn_days = 120
""",
    )
    book = load_rules(path)
    mediation = book.rule_for(Stage.MEDIATION)
    assert mediation is not None
    assert (mediation.days, mediation.verified, mediation.clock) == (60, True, DayCount.WORKING)
    assert mediation.basis == RULES.rules[Stage.MEDIATION].basis  # kept from the default
    provider = book.rule_for(Stage.PROVIDER)
    assert provider is not None and (provider.days, provider.max_days) == (15, 45)
    assert book.rules[Stage.INTAKE] == RULES.rules[Stage.INTAKE]
    assert (book.limitation_years, book.limitation_warn_days) == (3, 120)
    # The cached default is untouched.
    assert load_rules().rules[Stage.MEDIATION].days == 45
    assert load_rules().limitation_warn_days == 90


def test_empty_override_equals_default(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, "# nothing overridden\n"))
    assert dict(book.rules) == dict(RULES.rules)


def test_override_can_add_max_days_and_switch_clock(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, '[media]\nclock = "calendar"\nmax_days = 30\n'))
    media = book.rule_for(Stage.MEDIA)
    assert media is not None and (media.clock, media.days, media.max_days) == (
        DayCount.CALENDAR,
        10,
        30,
    )


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('[mediation]\ndays = "sixty"\n', ["[mediation]", "days", "whole number"]),
        ("[mediation]\ndays = true\n", ["[mediation]", "days"]),
        ("[intake]\ndays = -1\n", ["[intake]", "days"]),
        ("[provider]\nmax_days = 1.5\n", ["[provider]", "max_days"]),
        ('[provider]\nclock = "hourly"\n', ["[provider]", "clock", '"working" or "calendar"']),
        ('[national]\nverified = "yes"\n', ["[national]", "verified", "true or false"]),
        ("[legal]\nbasis = 7\n", ["[legal]", "basis", "string"]),
        ("[media]\nnote = false\n", ["[media]", "note", "string"]),
        ("[intake]\ndayz = 9\n", ["[intake]", "dayz", "unknown key"]),
        ("[provider]\nmax_days = 10\n", ["[provider]", "max_days", "less than days"]),
        ("[court]\ndays = 9\n", ["[court]", "unknown stage"]),
        ("[closed]\ndays = 9\n", ["[closed]", "no deadline"]),
        ("intake = 7\n", ["intake", "must be a table"]),
        ("[limitation]\nyears = 0\n", ["[limitation]", "years"]),
        ('[limitation]\nwarn_days = "90"\n', ["[limitation]", "warn_days"]),
        ("[limitation]\nmonths = 36\n", ["[limitation]", "months", "unknown key"]),
        ("[intake\ndays = 9\n", ["not valid TOML"]),
    ],
)
def test_malformed_override_messages(tmp_path: Path, text: str, fragments: list[str]) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleFileError) as info:
        load_rules(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_rule_file_error_is_value_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read rule file"):
        load_rules(tmp_path / "missing.toml")


def test_non_utf8_override(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('[intake]\nnote = "受理"\n'.encode("gbk"))
    with pytest.raises(RuleFileError, match="UTF-8"):
        load_rules(path)


# -- due dates -----------------------------------------------------------------------


def test_due_for_working_clock() -> None:
    assert due_for(Stage.INTAKE, date(2026, 2, 13), CAL, RULES) == DueDate(date(2026, 3, 2), False)


def test_due_for_calendar_clock_rolls_past_national_day() -> None:
    due = due_for(Stage.PROVIDER, date(2026, 9, 16), CAL, RULES)
    assert due == DueDate(date(2026, 10, 8), False)


def test_due_for_extra_days_in_same_clock() -> None:
    # Calendar clock: 15 + 30 = 45 calendar days; Thu 5 Mar + 45 = Sun 19 Apr → Mon 20 Apr.
    due = due_for(Stage.PROVIDER, date(2026, 3, 5), CAL, RULES, extra_days=30)
    assert due == DueDate(date(2026, 4, 20), False)
    # Working clock: 7 + 3 working days.
    due = due_for(Stage.INTAKE, date(2026, 2, 13), CAL, RULES, extra_days=3)
    assert due == DueDate(date(2026, 3, 5), False)
    with pytest.raises(ValueError, match="extra_days"):
        due_for(Stage.INTAKE, date(2026, 2, 13), CAL, RULES, extra_days=-1)


def test_due_for_closed_is_none() -> None:
    assert due_for(Stage.CLOSED, date(2026, 2, 13), CAL, RULES) is None


def test_intake_opened_2026_12_28() -> None:
    assert due_for(Stage.INTAKE, date(2026, 12, 28), CAL, RULES) == DueDate(date(2027, 1, 6), True)
    table = WorkCalendar({date(2027, 1, 1): False})
    assert due_for(Stage.INTAKE, date(2026, 12, 28), table, RULES) == DueDate(
        date(2027, 1, 7), False
    )


def test_due_for_uses_override(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, "[mediation]\ndays = 60\n"))
    default = due_for(Stage.MEDIATION, date(2026, 3, 2), CAL, RULES)
    longer = due_for(Stage.MEDIATION, date(2026, 3, 2), CAL, book)
    assert default is not None and longer is not None
    assert CAL.working_days_between(date(2026, 3, 2), default.day) == 45
    assert CAL.working_days_between(date(2026, 3, 2), longer.day) == 60


@settings(deadline=None)
@given(
    stage=st.sampled_from(list(Stage)),
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    extra=st.integers(min_value=0, max_value=60),
)
def test_due_for_never_raises(stage: Stage, start: date, extra: int) -> None:
    due = due_for(stage, start, CAL, RULES, extra_days=extra)
    if stage is Stage.CLOSED:
        assert due is None
    else:
        assert due is not None and due.day > start
        if due.day.year > 2026:  # the due day itself is always looked at
            assert due.estimated
        if start.year >= 2004 and due.day.year <= 2026:
            assert not due.estimated


# -- limitation period ---------------------------------------------------------------


def test_limitation_ends() -> None:
    assert limitation_ends(date(2023, 5, 10), RULES) == date(2026, 5, 10)
    assert limitation_ends(date(2024, 2, 29), RULES) == date(2027, 2, 28)
    assert limitation_ends(date(2025, 2, 28), RULES) == date(2028, 2, 28)


def test_limitation_ends_leap_to_leap(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, "[limitation]\nyears = 4\n"))
    assert limitation_ends(date(2024, 2, 29), book) == date(2028, 2, 29)


@pytest.mark.parametrize(("left", "expected"), [(91, None), (90, None), (89, 89)])
def test_limitation_warning_threshold(left: int, expected: int | None) -> None:
    known_on = date(2023, 5, 10)
    today = date(2026, 5, 10) - timedelta(days=left)
    assert limitation_warning(known_on, today, RULES) == expected


def test_limitation_warning_last_day_and_expired() -> None:
    known_on = date(2023, 5, 10)
    assert limitation_warning(known_on, date(2026, 5, 10), RULES) == 0
    assert limitation_warning(known_on, date(2026, 5, 15), RULES) == -5
    assert limitation_warning(known_on, date(2024, 1, 1), RULES) is None


def test_limitation_warning_feb_29() -> None:
    known_on = date(2024, 2, 29)  # ends 2027-02-28
    assert limitation_warning(known_on, date(2027, 2, 28) - timedelta(days=89), RULES) == 89
    assert limitation_warning(known_on, date(2027, 2, 28) - timedelta(days=90), RULES) is None
    assert limitation_warning(known_on, date(2027, 3, 1), RULES) == -1


def test_limitation_warning_respects_override(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, "[limitation]\nwarn_days = 120\n"))
    assert isinstance(book, RuleBook)
    known_on = date(2023, 5, 10)
    assert limitation_warning(known_on, date(2026, 5, 10) - timedelta(days=100), book) == 100
    assert limitation_warning(known_on, date(2026, 5, 10) - timedelta(days=100), RULES) is None
