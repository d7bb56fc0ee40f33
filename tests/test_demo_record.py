"""The demo a reader would trust (issue 11, review 0.2 / 0.4 / 0.5 and its "demo-data
guards"; review round 4 item 7): no case of a 300-case demo gives the pre-flight anything
to say against its own record — no 生活消费 case that reads as a shop's business (in its
narrative, court facts or evidence), no evidence of another category, no contact out of
order, contradicting its channel or a chase opening a side's log, no letter the log says
was sent before the paper that is that letter, no refund of a sum only demanded, no
duration counted from the complaint day printed long after it. The first tests show the
pre-flight says each of these on a paper that has it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.test_filings import sample
from workbench.demo import generate_demo
from workbench.domain.categories import Category
from workbench.domain.clock import FrozenClock
from workbench.domain.narrative_checks import narrative_words
from workbench.filings import ContactEntry, FilingKind
from workbench.filings.documents import Demand, EvidenceItem
from workbench.filings.style import demo_style_path
from workbench.services import filings, preflight
from workbench.services.context import Workbench
from workbench.services.filing_data import filing_data
from workbench.store.engine import open_store
from workbench.store.models import Case

LETTER = FilingKind.COMPLAINT_LETTER_PROVIDER
SIM = (Category.SIM_FEES.label,)
SETTLEMENT = (Category.SETTLEMENT.label,)
CASHBACK = (Category.CASHBACK.label,)


def _warned(**changes: object) -> list[str]:
    values: dict[str, object] = {"contacts": [], "evidence": [], "categories": SIM,
                                 "business_scope": True, "received_on": date(2026, 11, 20)}
    values.update(changes)
    return preflight.record_warnings(LETTER, sample(**values))


def _one(warnings: list[str], word: str) -> str:
    found = [w for w in warnings if word in w]
    assert len(found) == 1, warnings
    return found[0]


def test_a_chase_that_opens_a_sides_log_is_warned() -> None:
    chase = ContactEntry(date(2026, 11, 3), "phone", "某某支付客服", "", "催问处理进度")
    forward = chase._replace(on=date(2026, 11, 1), summary="转达投诉，要求其核实处理")
    text = _one(_warned(contacts=[chase]), "第一条联系")
    assert "2026年11月3日" in text and "催问处理进度之前应有转达投诉的记录" in text
    assert _warned(contacts=[forward, chase]) == []
    # the superior's first contact is its own side's: a chase of the provider's 转达 is not
    chased_above = chase._replace(stage="superior", summary="询问核查进度")
    assert "第一条联系" in " ".join(_warned(contacts=[forward, chased_above]))


@pytest.mark.parametrize(("categories", "proves"), [
    (SIM, "服务商每笔交易额外扣收3元手续费"),  # 142
    (SETTLEMENT, "投诉人多次联系客服要求退费，客服推诿未予处理"),  # 136, 098
    (SETTLEMENT, "服务商人员多次来电推销升级服务并催缴费用"),  # 136
])
def test_evidence_of_another_category_is_warned(categories: tuple[str, ...],
                                                 proves: str) -> None:
    item = EvidenceItem("证据", "投诉人提供", proves)
    assert _one(_warned(categories=categories, evidence=[item]), "与本案投诉类别不符")


def test_a_stonewalling_answer_alone_fits_any_case() -> None:
    item = EvidenceItem("在线客服对话截图", "投诉人提供", "客服推诿未予处理")
    assert _warned(categories=SETTLEMENT, evidence=[item]) == []


@pytest.mark.parametrize("changes", [
    {"evidence": [EvidenceItem("特约商户受理协议", "投诉人提供", "约定费率为0.38%")]},  # 040
    {"performance_facts": "原告领取机具后即用于日常收款。"},  # 075
    {"narrative": "投诉人按要求完成激活，当月交易100,000元，已满足条件。"},  # 040, 093
])
def test_shop_facts_in_a_consumer_case_are_warned(changes: dict[str, object]) -> None:
    warned = _warned(business_scope=False, categories=CASHBACK, **changes)
    assert "本案登记为生活消费" in _one(warned, "经营用语")
    assert _warned(business_scope=True, categories=CASHBACK, **changes) == []


def test_a_refund_of_a_sum_only_demanded_is_warned() -> None:
    narrative = ("投诉人申请注销该机具，但服务商以“未满合约期”为由要求支付200元违约金，"
                 "否则不予注销，注销前仍按月扣收服务费。")
    asked = [Demand("退还注销申请后扣收的费用200元", 20000)]
    text = _one(_warned(narrative=narrative, demands=asked), "要求退还200元")
    assert "投诉请求“退还注销申请后扣收的费用200元”" in text
    assert _warned(narrative=narrative, demands=[Demand("免除违约金200元", 20000)]) == []
    taken = narrative.replace("要求支付200元违约金", "从结算款中扣收200元违约金")
    assert _warned(narrative=taken, demands=asked) == []


def test_a_duration_counted_from_the_complaint_day_goes_stale() -> None:
    narrative = "以月均流水约125,000元计算，8个月来累计多扣手续费约8,700元；过了90天仍未到账。"
    old = _warned(narrative=narrative, received_on=date(2026, 2, 4))
    assert _one(old, "“8个月来”").endswith("请改写为具体的起止日期")
    assert _one(old, "“过了90天”")
    assert "投诉之日（2026年2月4日）" in old[0] and "2026年11月26日" in old[0]
    assert _warned(narrative=narrative, received_on=date(2026, 11, 10)) == []


@pytest.mark.parametrize("seed", [1])  # the seed the specimens are rendered from
def test_no_demo_case_warns_against_its_own_record(tmp_path: Path, seed: int) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", lambda *_: "demo-record",
                       demo=True)
    try:
        wb = Workbench(store=store, actor="demo", clock=FrozenClock.on(TODAY),
                       filings_style=demo_style_path())
        generate_demo(store, cases=300, seed=seed, clock=wb.clock)
        found: list[tuple[str, str, str]] = []
        kinds = 0
        relative = [re.compile(p) for p in narrative_words()["relative"]["patterns"]]
        with store.session() as session:
            for case in session.execute(select(Case).order_by(Case.id)).scalars():
                # durations are the case's own dates, never counted from the complaint day
                found += [(case.ref, "narrative", m.group(0)) for p in relative
                          for m in p.finditer(case.narrative)]
                for kind in filings.offered_for(case):
                    data = filing_data(session, wb, case, kind, "", False, addressee=None,
                                       association="示例市消费者协会")
                    kinds += 1
                    found += [(case.ref, kind.value, w)
                              for w in preflight.record_warnings(kind, data)]
    finally:
        store.dispose()
    assert kinds > 900  # every case, every paper its stage offers
    assert found == []
