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
from workbench.domain.law import load_register
from workbench.domain.vocabulary import IndustryBody, Mediator

CAL = WorkCalendar()
RULES = load_rules()


def write(tmp_path: Path, text: str, name: str = "override.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the packaged rule table ---------------------------------------------------------

ENTERED = date(2026, 12, 1)
REGISTER = load_register()


def test_every_open_stage_has_a_general_rule_and_closed_has_none() -> None:
    assert RULES.rule_for(Stage.CLOSED, ENTERED) is None
    for stage in OPEN_STAGES:
        rule = RULES.rule_for(stage, ENTERED)
        assert isinstance(rule, DeadlineRule)
        assert rule.stage is stage and rule.body is None and rule.mediator is None
        assert rule.label
        for entry_id in rule.basis:  # every basis is a register entry
            assert entry_id in REGISTER


@pytest.mark.parametrize(
    ("stage", "selector", "clock", "days", "max_days", "verified"),
    [
        (Stage.INTAKE, {}, DayCount.WORKING, 7, None, False),
        (Stage.PROVIDER, {}, DayCount.CALENDAR, 15, 60, False),
        (Stage.SUPERIOR, {}, DayCount.CALENDAR, 15, 60, False),
        (Stage.MEDIATION, {}, DayCount.WORKING, 15, None, False),
        (Stage.MEDIATION, {"mediator": Mediator.ASSOCIATION}, DayCount.WORKING, 15, None, False),
        (Stage.MEDIATION, {"mediator": Mediator.DELEGATED}, DayCount.CALENDAR, 60, None, True),
        (Stage.NATIONAL, {}, DayCount.WORKING, 15, 30, True),
        (Stage.INDUSTRY, {}, DayCount.CALENDAR, 15, 60, False),
        (Stage.INDUSTRY, {"body": IndustryBody.PBOC_BRANCH}, DayCount.CALENDAR, 15, 60, False),
        (Stage.INDUSTRY, {"body": IndustryBody.NFRA_OFFICE}, DayCount.CALENDAR, 15, 60, False),
        (Stage.INDUSTRY, {"body": IndustryBody.PCAC}, DayCount.WORKING, 30, 60, False),
        (Stage.INDUSTRY, {"body": IndustryBody.UNIONPAY}, DayCount.WORKING, 10, None, True),
        (Stage.MEDIA, {}, DayCount.WORKING, 10, None, True),
        (Stage.LEGAL, {}, DayCount.WORKING, 10, None, True),
    ],
)
def test_default_figures(stage: Stage, selector: dict[str, str], clock: DayCount, days: int,
                         max_days: int | None, verified: bool) -> None:
    rule = RULES.rule_for(stage, ENTERED, **selector)
    assert rule is not None
    assert (rule.clock, rule.days, rule.max_days, rule.verified) == (
        clock, days, max_days, verified)


def test_industry_bodies_each_have_their_own_rule() -> None:
    rules = {RULES.rule_for(Stage.INDUSTRY, ENTERED, body=b) for b in IndustryBody}
    assert len(rules) == len(IndustryBody)


@pytest.mark.parametrize(
    ("entered", "days", "clock", "cited"),
    [
        (date(2026, 4, 14), 45, DayCount.WORKING, "samr20.art21"),
        (date(2026, 4, 15), 60, DayCount.CALENDAR, "samr121.art23"),
        (date(2021, 6, 1), 45, DayCount.WORKING, "samr20.art21"),
    ],
)
def test_delegated_mediation_follows_the_rule_in_force_when_the_stage_began(
        entered: date, days: int, clock: DayCount, cited: str) -> None:
    rule = RULES.rule_for(Stage.MEDIATION, entered, mediator=Mediator.DELEGATED)
    assert rule is not None and (rule.days, rule.clock) == (days, clock)
    assert cited in rule.basis
    assert all(REGISTER.get(i, entered).in_force(entered) for i in rule.basis)


def test_rules_in_force_differ_across_the_switch() -> None:
    before = {(r.stage, r.selector, r.figure) for r in RULES.in_force(date(2026, 4, 14))}
    after = {(r.stage, r.selector, r.figure) for r in RULES.in_force(date(2026, 4, 15))}
    assert before != after
    assert (Stage.MEDIATION, Mediator.DELEGATED.label, "45个工作日") in before
    assert (Stage.MEDIATION, Mediator.DELEGATED.label, "60日") in after


def test_intake_is_labelled_for_what_it_is() -> None:
    intake = RULES.rule_for(Stage.INTAKE, ENTERED)
    assert intake is not None and "消协" in intake.label and "受理" in intake.label
    assert "cpl.art46" not in intake.basis  # binds administrative departments, not a 消协


def test_limitation_defaults() -> None:
    assert RULES.limitation_years == 3
    assert RULES.limitation_max_years == 20
    assert RULES.limitation_warn_days == 90
    assert RULES.limitation_basis == ("civil_code.art188", "civil_code.art195")


def test_default_is_cached() -> None:
    assert load_rules() is load_rules()


# -- admin overrides -----------------------------------------------------------------


def test_override_merges_key_by_key(tmp_path: Path) -> None:
    path = write(tmp_path, """
[[rule]]
stage = "mediation"
days = 10
verified = true

[[rule]]
stage = "provider"
max_days = 45

[limitation]
warn_days = 120
""")
    book = load_rules(path)
    mediation = book.rule_for(Stage.MEDIATION, ENTERED)
    assert mediation is not None
    assert (mediation.days, mediation.verified, mediation.clock) == (10, True, DayCount.WORKING)
    default = RULES.rule_for(Stage.MEDIATION, ENTERED)
    assert default is not None and mediation.basis == default.basis  # kept from the default
    provider = book.rule_for(Stage.PROVIDER, ENTERED)
    assert provider is not None and (provider.days, provider.max_days) == (15, 45)
    assert book.rule_for(Stage.INTAKE, ENTERED) == RULES.rule_for(Stage.INTAKE, ENTERED)
    assert (book.limitation_years, book.limitation_warn_days) == (3, 120)
    assert load_rules().limitation_warn_days == 90  # the cached default is untouched


def test_override_adds_a_local_rule(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, """
[[rule]]            # the shipped rule ends where the local one begins
stage = "intake"
effective_to = 2027-01-01

[[rule]]
stage = "intake"
label = "消保委决定是否受理（地方规定）"
clock = "working"
days = 5
basis = ["zj_cpl.art32"]
verified = true
effective_from = 2027-01-01
"""))
    older = book.rule_for(Stage.INTAKE, date(2026, 12, 31))
    newer = book.rule_for(Stage.INTAKE, date(2027, 1, 1))
    assert older is not None and newer is not None
    assert (older.days, newer.days) == (7, 5)


def test_empty_override_equals_default(tmp_path: Path) -> None:
    book = load_rules(write(tmp_path, "# nothing overridden\n"))
    assert book.rules == RULES.rules


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ('[[rule]]\nstage = "mediation"\ndays = "sixty"\n', ["mediation", "days", "整数"]),
        ('[[rule]]\nstage = "mediation"\ndays = true\n', ["mediation", "days"]),
        ('[[rule]]\nstage = "intake"\ndays = -1\n', ["intake", "days"]),
        ('[[rule]]\nstage = "provider"\nclock = "hourly"\n', ["provider", "clock"]),
        ('[[rule]]\nstage = "national"\nverified = "yes"\n', ["national", "verified"]),
        ('[[rule]]\nstage = "legal"\nbasis = "民法典"\n', ["legal", "basis", "id"]),
        ('[[rule]]\nstage = "legal"\nbasis = ["no.such.entry"]\n', ["no.such.entry"]),
        ('[[rule]]\nstage = "intake"\ndayz = 9\n', ["intake", "dayz", "未知的键"]),
        ('[[rule]]\nstage = "provider"\nmax_days = 10\n', ["provider", "max_days", "小于"]),
        ('[[rule]]\nstage = "court"\n', ["court", "stage"]),
        ('[[rule]]\nstage = "closed"\n', ["closed", "结案没有期限"]),
        ('[[rule]]\nstage = "media"\nbody = "pcac"\n', ["industry"]),
        ('[[rule]]\nstage = "industry"\nbody = "bank"\n', ["body", "pboc_branch"]),
        ('[[rule]]\nstage = "mediation"\nmediator = "delegated"\n'
         'effective_from = 2026-01-01\nlabel = "x"\nclock = "working"\ndays = 5\n'
         'basis = []\nverified = false\n', ["重叠"]),
        ('[[rule]]\nstage = "intake"\neffective_from = "2027-01-01"\n', ["日期"]),
        ('[[rule]]\nstage = "intake"\nlabel = "x"\neffective_from = 2027-01-01\n',
         ["缺少"]),
        ("[intake]\ndays = 9\n", ["未知的表"]),
        ("[limitation]\nyears = 0\n", ["[limitation]", "years"]),
        ("[limitation]\nmonths = 36\n", ["[limitation]", "months", "未知的键"]),
        ("[[rule]\nstage = 9\n", ["TOML"]),
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
    with pytest.raises(ValueError, match="无法读取规则文件"):
        load_rules(tmp_path / "missing.toml")


def test_non_utf8_override(tmp_path: Path) -> None:
    path = tmp_path / "gbk.toml"
    path.write_bytes('[[rule]]\nstage = "intake"\nnote = "受理"\n'.encode("gbk"))
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
    book = load_rules(write(tmp_path, '[[rule]]\nstage = "mediation"\ndays = 60\n'))
    default = due_for(Stage.MEDIATION, date(2026, 3, 2), CAL, RULES)
    longer = due_for(Stage.MEDIATION, date(2026, 3, 2), CAL, book)
    assert default is not None and longer is not None
    assert CAL.working_days_between(date(2026, 3, 2), default.day) == 15
    assert CAL.working_days_between(date(2026, 3, 2), longer.day) == 60


def test_due_for_follows_the_body_and_the_entry_day() -> None:
    pcac = due_for(Stage.INDUSTRY, date(2026, 3, 2), CAL, RULES, body=IndustryBody.PCAC)
    assert pcac is not None and CAL.working_days_between(date(2026, 3, 2), pcac.day) == 30
    before = due_for(Stage.MEDIATION, date(2026, 4, 14), CAL, RULES, mediator="delegated")
    after = due_for(Stage.MEDIATION, date(2026, 4, 15), CAL, RULES, mediator="delegated")
    assert before is not None and after is not None
    assert CAL.working_days_between(date(2026, 4, 14), before.day) == 45
    assert after.day == date(2026, 6, 15)  # 60 calendar days: 06-14 is a Sunday


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
    book = load_rules(write(tmp_path, "[limitation]\nyears = 4\n"))  # an admin's own
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
