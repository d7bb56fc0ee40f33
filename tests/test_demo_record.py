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
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.test_filings import sample
from workbench.demo import generate_demo, store_demo_evidence
from workbench.domain.categories import Category
from workbench.domain.clock import FrozenClock, local_day
from workbench.domain.narrative_checks import narrative_words
from workbench.filings import ContactEntry, FilingKind
from workbench.filings.documents import Demand, EvidenceItem
from workbench.filings.style import demo_style_path
from workbench.services import filings, preflight
from workbench.services.context import Workbench
from workbench.services.filing_data import filing_data
from workbench.store.blobs import BlobStore
from workbench.store.engine import Store, open_store
from workbench.store.models import Case, CaseEvent, Contact, Evidence

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


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The 300-case demo of seed 1, the seed the specimens are rendered from."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(f"sqlite:///{path}", lambda *_: "demo-record", demo=True)
    try:
        generate_demo(store, cases=300, seed=1, clock=FrozenClock.on(TODAY))
        yield store
    finally:
        store.dispose()


def test_no_demo_case_warns_against_its_own_record(demo: Store) -> None:
    wb = Workbench(store=demo, actor="demo", clock=FrozenClock.on(TODAY),
                   filings_style=demo_style_path())
    found: list[tuple[str, str, str]] = []
    kinds = 0
    relative = [re.compile(p) for p in narrative_words()["relative"]["patterns"]]
    with demo.session() as session:
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
    assert kinds > 900  # every case, every paper its stage offers
    assert found == []


# -- the demo's own contradictions (review rounds 4 and 5, [D]) -------------------------

_RATE = re.compile(r"(\d+(?:\.\d+)?)%")
_SUM = re.compile(r"\d[\d,.]*元")
_SINCE = re.compile(r"自(\d{4})年(\d{1,2})月起")
# where a complaint states the promised rate: the slogan, the promise, the contract, "由约
# 定的X%变为…"
_PROMISED = re.compile(r"(?:费率终身|“费率|约定贷记卡费率|由约定的|费率也由)(\d+(?:\.\d+)?)%")


def _cases(store: Store) -> list[Case]:
    with store.session() as session:
        return list(session.execute(select(Case).order_by(Case.id)).scalars())


def _by_case(store: Store, model: type[Evidence] | type[Contact]) -> dict[int, list]:
    rows: dict[int, list] = {}
    with store.session() as session:
        for row in session.execute(select(model).order_by(model.id)).scalars():
            rows.setdefault(row.case_id, []).append(row)
    return rows


def test_evidence_states_the_cases_own_rates_and_dates(demo: Store) -> None:
    """N2: 098's "协议约定的刷卡费率为0.38%" against "约定贷记卡费率0.5%"; 081's "自5月起…由
    0.38%上调至0.6%" against "2025年11月13日起…由约定的0.6%变为1.25%"; round 4: 093's
    "返现299元" against a claim of 300元."""
    evidence = _by_case(demo, Evidence)
    found, rated = [], 0
    for case in _cases(demo):
        stated = set(_RATE.findall(case.narrative))
        for item in evidence.get(case.id, []):
            rates = set(_RATE.findall(item.proves))
            rated += bool(rates)
            if rates - stated and stated:
                found.append((case.ref, item.proves, sorted(stated)))
            for year, month in _SINCE.findall(item.proves):
                began = case.harm_known_on
                if (int(year), int(month)) != (began.year, began.month):
                    found.append((case.ref, item.proves, began.isoformat()))
            said = case.narrative + " ".join(d["text"] for d in case.demands)
            found += [(case.ref, item.proves, sum_) for sum_ in _SUM.findall(item.proves)
                      if sum_ not in said]
            month = re.match(r"(\d{1,2})月", item.title)
            if month and item.obtained_on < case.harm_known_on.replace(day=1):
                found.append((case.ref, item.title, case.harm_known_on.isoformat()))
    assert rated > 20
    assert found == []


def test_a_complaint_promises_one_rate(demo: Store) -> None:
    """081: the slogan "费率终身0.38%" against "由约定的0.6%变为1.25%"."""
    found = [(case.ref, promised) for case in _cases(demo)
             if len(promised := set(_PROMISED.findall(case.narrative))) > 1]
    assert found == []


def test_no_fee_is_mentioned_that_no_request_claims(demo: Store) -> None:
    """092: "每笔3元的“秒到费”被自动扣除", which no request claims."""
    found = [case.ref for case in _cases(demo) if "秒到费" in case.narrative
             and not any("秒到费" in d["text"] for d in case.demands)]
    assert found == []


def test_answers_and_closes_speak_of_a_remedy_the_case_claims(demo: Store) -> None:
    """098: "对方同意退还部分费用" about frozen funds; a 押金 returned in a case that claims
    none."""
    contacts = _by_case(demo, Contact)
    with demo.session() as session:
        closes = {e.case_id: e.payload.get("reason", "") for e in session.execute(
            select(CaseEvent).where(CaseEvent.kind == "stage_changed")).scalars()
            if e.payload.get("to") == "closed"}
    found = []
    for case in _cases(demo):
        asked = " ".join(d["text"] for d in case.demands)
        said = [c.outcome for c in contacts.get(case.id, [])] + [closes.get(case.id, "")]
        for words in said:
            for remedy in ("退还", "押金", "原费率"):
                if remedy in words and remedy.replace("原", "原约定") not in asked:
                    found.append((case.ref, words, asked))
    assert closes and found == []


def test_an_agreement_comes_out_of_a_mediation_session(demo: Store) -> None:
    """030: the only contact before its 调解协议 is one phone call."""
    contacts = _by_case(demo, Contact)
    agreed = [case for case in _cases(demo) if case.mediation_result == "agreed"]
    found = [case.ref for case in agreed if not any(
        c.counterpart_stage == "mediation" and "调解" in c.summary and c.channel == "visit"
        and c.at <= case.closed_at and local_day(c.at) == local_day(case.closed_at)
        for c in contacts.get(case.id, []))]
    assert agreed and found == []


def test_no_case_lists_the_same_evidence_twice(demo: Store) -> None:
    """136: two "结算账户流水" proving the same, one 投诉人提供, one 消费者协会调取."""
    found = []
    for case_id, items in _by_case(demo, Evidence).items():
        seen = [(item.title, item.proves) for item in items]
        found += [(case_id, pair) for pair in set(seen) if seen.count(pair) > 1]
    assert found == []


def test_exhibits_show_the_cases_own_rates_and_month(
        demo: Store, tmp_path_factory: pytest.TempPathFactory) -> None:
    """N2: 081's exhibit "5月交易明细" was a March table at 0.63% for a complaint of 0.6%
    raised to 1.25% from November; a contract excerpt named a rate of its own."""
    wb = Workbench(store=demo, actor="demo", clock=FrozenClock.on(TODAY))
    blobs = BlobStore(tmp_path_factory.mktemp("evidence"))
    store_demo_evidence(wb, blobs)
    found, tables = [], 0
    narratives = {case.id: case.narrative for case in _cases(demo)}
    for case_id, items in _by_case(demo, Evidence).items():
        stated = {f"{rate}%" for rate in _RATE.findall(narratives[case_id])}
        for item in items:
            if item.kind not in ("transaction", "contract", "chat", "call"):
                continue
            content = blobs.path_for(item.sha256).read_bytes()
            text = content.decode("gb18030" if item.kind == "transaction" else "utf-8")
            shown = {f"{rate}%" for rate in _RATE.findall(text)}
            if stated and shown - stated:
                found.append((case_id, item.title, sorted(shown - stated), sorted(stated)))
            if item.kind == "transaction" and re.match(r"\d+月交易明细", item.title):
                tables += 1
                months = {line[:7] for line in text.splitlines()[2:]}
                if months != {item.obtained_on.strftime("%Y-%m")}:
                    found.append((case_id, item.title, sorted(months)))
    assert tables > 5
    assert found == []
