"""Patterns (issue 14 item 4): the rules table-driven, the detector on SQLite and
PostgreSQL, the queue's `pattern:` filter, an alert made a joint complaint; the CLI."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import provider
from workbench.domain.categories import Category
from workbench.domain.clock import FrozenClock
from workbench.domain.patterns import (
    Detector,
    PatternRule,
    PatternRuleError,
    Proposal,
    alert_id,
    load_patterns,
    parse_rules,
    rate_jump,
)
from workbench.domain.query import FilterError
from workbench.services import cases, patterns
from workbench.services import queue as queue_service
from workbench.services.context import Workbench


@pytest.mark.parametrize(("narrative", "jump"), [
    ("服务商自2026年9月起将刷卡费率由0.38%上调至0.63%", "0.38%→0.63%"),
    ("约定费率为0.6%，后被调整为 1.25 %。", "0.6%→1.25%"),
    ("服务商按0.63%的费率扣收手续费，高于约定的0.38%", "0.38%→0.63%"),
    ("费率从0.6%调至0.38%（下调）", ""),
    ("押金299元，流量费99元", ""),
    ("费率0.38%。次月起改为0.6%", ""),  # not in one sentence: not read as a jump
    ("", ""),
])
def test_a_rate_jump_is_read_from_a_narrative(narrative: str, jump: str) -> None:
    assert rate_jump(narrative) == jump


def test_the_shipped_rules_and_bad_ones() -> None:
    shipped = {r.id: r for r in load_patterns()}
    assert set(shipped) == {"same_agent_category", "same_terminal", "fee_rate_jump"}
    assert shipped["same_terminal"].propose is Proposal.REPORT
    for bad in ('[[rule]]\nid = "x"\ndetector = "nope"\nlabel = "x"\nmin = 3',
                '[[rule]]\nid = "x"\ndetector = "same_terminal"\nlabel = "x"\nmin = 1',
                '[[rule]]\nid = "X y"\ndetector = "same_terminal"\nlabel = "x"\nmin = 2'):
        with pytest.raises(PatternRuleError):
            parse_rules(bad)
    assert alert_id("same_terminal", "SN1") == alert_id("same_terminal", "SN1")
    assert alert_id("same_terminal", "SN1") != alert_id("same_terminal", "SN2")


AGENT, OTHER = "杭州示例汇通信息技术有限公司", "另一家支付有限公司"
FEE = "服务商将刷卡费率由0.38%上调至0.63%，客服推诿。"


def add(wb: Workbench, providers: dict[str, int], spec: tuple,  # type: ignore[type-arg]
        people: dict[str, int] | None = None) -> int:
    """One case; a complainant named twice in `people` is the same person."""
    who, category, sn, person, days_ago, narrative = spec
    at = replace(wb, clock=FrozenClock.on(TODAY - timedelta(days=days_ago)))
    known = (people or {}).get(person)
    case = cases.create_case(at, cases.CaseDraft(
        title="POS机投诉", complainant=known if known is not None else cases.ComplainantDraft(
            name=person, phone=f"139{len(people or {}):08d}"),
        provider_id=providers[who], categories=[category], narrative=narrative,
        terminal_sn=sn))
    assert case.id is not None
    if people is not None:
        people.setdefault(person, case.complainant_id)
    return case.id


RULES = {
    "wave": PatternRule("same_agent_category", Detector.SAME_PROVIDER_CATEGORY, "集中", 3, 30,
                        Proposal.GROUP),
    "wave_by_acquirer": PatternRule("by_acquirer", Detector.SAME_PROVIDER_CATEGORY, "集中", 3,
                                    30, Proposal.GROUP, by="superior"),
    "terminal": PatternRule("same_terminal", Detector.SAME_TERMINAL, "终端", 2, 0,
                            Proposal.REPORT),
    "rate": PatternRule("fee_rate_jump", Detector.FEE_RATE_JUMP, "费率", 3, 90,
                        Proposal.GROUP, categories=(Category.FEE_INCREASE,)),
}
F, D = Category.FEE_INCREASE, Category.DEPOSIT_FEES
# (rule, cases: (provider, category, terminal, complainant, days ago, narrative),
#  expected alerts: the number of cases in each)
TABLE = [
    ("wave", [(AGENT, F, "", f"甲{i}", i, "") for i in range(3)], [3]),
    ("wave", [(AGENT, F, "", f"甲{i}", i, "") for i in range(2)], []),  # below min
    ("wave", [(AGENT, F, "", "甲", 1, ""), (AGENT, F, "", "乙", 2, ""),
              (AGENT, F, "", "丙", 45, "")], []),  # one outside the 30 days
    ("wave", [(AGENT, F, "", "甲", 1, ""), (AGENT, D, "", "乙", 2, ""),
              (AGENT, F, "", "丙", 3, "")], []),  # another category
    ("wave", [(AGENT, F, "", "甲", 1, ""), (OTHER, F, "", "乙", 2, ""),
              (AGENT, F, "", "丙", 3, "")], []),  # another provider
    ("wave_by_acquirer", [(AGENT, F, "", "甲", 1, ""), ("另一代理", F, "", "乙", 2, ""),
                          (AGENT, F, "", "丙", 3, "")], [3]),  # two agents, one acquirer
    ("terminal", [(AGENT, D, "SN1", "甲", 1, ""), (OTHER, D, "SN1", "乙", 200, "")], [2]),
    ("terminal", [(AGENT, D, "SN1", "甲", 1, ""), (AGENT, D, "SN1", "甲", 2, "")], []),
    ("terminal", [(AGENT, D, "", "甲", 1, ""), (AGENT, D, "", "乙", 2, "")], []),  # no SN
    ("rate", [(AGENT, F, "", f"甲{i}", 10 * i, FEE) for i in range(4)], [4]),
    ("rate", [(AGENT, F, "", "甲", 1, FEE), (AGENT, F, "", "乙", 2, FEE),
              (AGENT, F, "", "丙", 3, FEE.replace("0.63%", "0.6%"))], []),  # other jump
    ("rate", [(AGENT, F, "", "甲", 1, FEE), (AGENT, F, "", "乙", 2, FEE),
              (AGENT, D, "", "丙", 3, FEE)], []),  # not a fee case
]


@pytest.mark.parametrize(("rule", "specs", "expected"), TABLE)
def test_each_rule_raises_its_alerts(sqlite_url: str, rule: str, specs: list[tuple],  # type: ignore[type-arg]
                                     expected: list[int]) -> None:
    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    bank = provider(wb, "示例收单银行股份有限公司")
    ids = {name: provider(wb, name) for name in (AGENT, OTHER, "另一代理")}
    with wb.store.write() as session:
        from workbench.store.models import Provider

        for name in (AGENT, "另一代理"):
            row = session.get(Provider, ids[name])
            assert row is not None
            row.kind, row.superior_id = "agent", bank
    people: dict[str, int] = {}
    made = [add(wb, ids, spec, people) for spec in specs]
    found = patterns.alerts(wb, [RULES[rule]])
    assert [len(a.case_ids) for a in found] == expected
    for alert in found:
        assert set(alert.case_ids) <= set(made) and alert.id.startswith(RULES[rule].id + "-")
        if alert.proposal is Proposal.REPORT:
            assert alert.report_to.endswith("市场监督管理局") or "人民银行" in alert.report_to
    store.dispose()


def wave(wb: Workbench, n: int = 4) -> list[int]:
    ids = {AGENT: provider(wb, AGENT), OTHER: provider(wb, OTHER)}
    add(wb, ids, (OTHER, Category.CASHBACK, "", "路人", 3, ""))
    return [add(wb, ids, (AGENT, Category.FEE_INCREASE, "", f"商户{i}", i, FEE))
            for i in range(n)]


def test_an_alert_filters_the_queue_and_becomes_a_group(wb: Workbench) -> None:
    made = wave(wb, 12)
    found = {a.rule: a for a in patterns.alerts(wb)}
    assert set(found) == {"same_agent_category", "fee_rate_jump"}
    alert = found["same_agent_category"]
    assert sorted(alert.case_ids) == sorted(made) and alert.provider == AGENT
    assert "费率上调" in alert.summary and f"patterns group {alert.id}" in alert.proposed
    assert patterns.alerts(wb) is patterns.alerts(wb)  # cached until something is written
    where = queue_service.scope(wb)
    for text, n in ((f"pattern:{alert.id}", 12), ("pattern:any", 12),
                    ("-pattern:any", 1), (f"pattern:{alert.id} cat:押金", 0)):
        flt = queue_service.parse(wb, text)
        assert queue_service.count(wb, flt, where) == n, text
    with pytest.raises(FilterError, match="没有这个预警"):
        queue_service.parse(wb, "pattern:nope-123456")
    detail = patterns.group_alert(wb, alert.id)
    assert detail.row.name == alert.id and detail.row.members == 12
    # the alert is still raised (its cases are open), but there is nothing left to group
    with pytest.raises(Exception, match="已在共同投诉中"):
        patterns.group_alert(wb, alert.id)


def test_the_patterns_commands(sqlite_url: str) -> None:
    from workbench.cli import app

    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", sqlite_url, *args])

    assert run("people", "list").exit_code == 0
    store = open_test_store(sqlite_url)
    wave(Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY)), 10)
    store.dispose()
    listed = run("patterns", "list")
    assert listed.exit_code == 0 and "共 2 条预警" in listed.output, listed.output
    alert = next(line.split()[0] for line in listed.output.splitlines()
                 if line.startswith("same_agent_category-"))
    shown = run("patterns", "show", alert)
    assert shown.exit_code == 0 and shown.output.count("TS-") == 10, shown.output
    grouped = run("patterns", "group", alert, "--name", "汇通费率")
    assert grouped.exit_code == 0 and "成员 10 件" in grouped.output, grouped.output
    assert run("patterns", "show", "nope").exit_code == 6
