"""Merchant or consumer (DESIGN §2): the bases per scope, the ladder's scope rule, the
scope at intake and its correction, the filing's basis, and the limitation period."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from tests.factories import new_case
from workbench.domain.categories import Category
from workbench.domain.ladder import MoveFacts, Stage, refusals, requirements
from workbench.domain.law import RegisterError, load_register
from workbench.domain.law.bases import (
    CONSUMER_LAW_PREFIXES,
    BasisFact,
    basis_for,
    case_facts,
    citation_text,
    civil_bases,
    load_bases,
    parse_bases,
)
from workbench.domain.limitation import Interruption, limitation_period
from workbench.domain.vocabulary import DisputeScope, RequirementCode
from workbench.errors import RuleViolation
from workbench.services import case_view, cases, contacts, escalation, filings, intake
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent

REGISTER = load_register()
ON = date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent


# -- bases per scope -----------------------------------------------------------------

@pytest.mark.parametrize("scope", list(DisputeScope), ids=str)
@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_category_and_scope_resolves(category: Category, scope: DisputeScope) -> None:
    entries = basis_for([category], scope, REGISTER, ON)
    assert entries, (category, scope)
    assert all(e.in_force(ON) for e in entries)
    if scope is DisputeScope.BUSINESS:
        assert not [e.id for e in entries if e.id.startswith(CONSUMER_LAW_PREFIXES)]
        assert "消费者权益保护法" not in citation_text(entries)


@pytest.mark.parametrize(("category", "scope", "expected"), [
    (Category.FEE_INCREASE, "consumer",
     ["civil_code.art543", "civil_code.art577", "nbpay.art20.p3", "nbpay.art34"]),
    (Category.FEE_INCREASE, "business",
     ["civil_code.art543", "civil_code.art577", "nbpay.art20.p3", "nbpay.art34"]),
    (Category.UNREACHABLE, "consumer", ["cpl.art17", "cpl_reg.art44", "nbpay.art35"]),
    (Category.CODE_JUMPING, "business",
     # true, unaltered transaction data; not the makers' duty (1.1.1), not merchant KYC
     ["nbpay.art25", "nbpay.art30.p2", "pboc259.s1.1.2"]),
])
def test_bases_pick_the_articles(category: Category, scope: str, expected: list[str]) -> None:
    assert [e.id for e in basis_for([category], scope, REGISTER, ON)] == expected


def test_unreachable_no_longer_cites_articles_14_and_24() -> None:
    ids = {e.id for s in DisputeScope for e in basis_for([Category.UNREACHABLE], s, REGISTER, ON)}
    assert not ids & {"cpl.art14", "cpl.art24"}


def test_several_categories_cite_each_entry_once_grouped_by_statute() -> None:
    entries = basis_for([Category.FEE_INCREASE, Category.DEPOSIT_FEES], "business", REGISTER, ON)
    assert len({e.id for e in entries}) == len(entries)
    text = citation_text(entries)
    assert text.count("《中华人民共和国民法典》") == 1 and "第五百四十三条、" in text


@pytest.mark.parametrize(("toml", "message"), [
    ('[fee_increase]\nconsumer = ["cpl.art999"]\nbusiness = ["civil_code.art543"]\n',
     "cpl.art999"),
    ('[fee_increase]\nconsumer = ["cpl.art26"]\nbusiness = ["cpl.art26"]\n', "经营活动"),
    ('[nonsense]\nconsumer = ["cpl.art26"]\n', "未知的类别"),
    ('[fee_increase]\nconsumer = ["cpl.art26"]\n', "business"),
])
def test_bad_bases_fail_at_load(toml: str, message: str) -> None:
    full = load_bases(REGISTER)
    rest = "".join(f'[{c.value}]\nconsumer = {list(full[c][DisputeScope.CONSUMER])!r}\n'
                   f'business = {list(full[c][DisputeScope.BUSINESS])!r}\n'
                   for c in Category if c is not Category.FEE_INCREASE)
    with pytest.raises(RegisterError, match=message):
        parse_bases(toml.replace("'", '"') + rest.replace("'", '"'), REGISTER)


FORMAT_CLAUSE = {"cpl.art26", "cpl_reg.art17", "civil_code.art496", "civil_code.art497"}


@pytest.mark.parametrize("scope", list(DisputeScope), ids=str)
@pytest.mark.parametrize("category", [Category.DEPOSIT_FEES, Category.SIM_FEES,
                                      Category.FEE_INCREASE], ids=str)
def test_the_format_clause_articles_need_a_recorded_clause(category: Category,
                                                           scope: DisputeScope) -> None:
    # review round 2 §1.2/§9.4: "协议中也无相关条款" — no clause, no 格式条款 theory
    bare = [e.id for e in basis_for([category], scope, REGISTER, ON)]
    assert not FORMAT_CLAUSE & set(bare)
    recorded = [e.id for e in basis_for([category], scope, REGISTER, ON,
                                        facts={BasisFact.CLAUSE})]
    assert FORMAT_CLAUSE & set(recorded)
    assert "civil_code.art509.p1" not in recorded and "civil_code.art985.main" not in recorded
    if category is not Category.FEE_INCREASE:  # a fee with no agreed basis
        assert {"civil_code.art509.p1", "civil_code.art577", "civil_code.art985.main"} <= set(bare)


def test_article_55_only_when_an_increased_compensation_is_claimed() -> None:
    bare = [e.id for e in basis_for([Category.FALSE_ADVERTISING], "consumer", REGISTER, ON)]
    assert bare == ["civil_code.art577"]
    claimed = basis_for([Category.FALSE_ADVERTISING], "consumer", REGISTER, ON,
                        facts={BasisFact.INCREASED_DAMAGES})
    assert next(e.id for e in claimed) == "cpl.art55"


@pytest.mark.parametrize(("clause", "demands", "punitive", "expected"), [
    ("", ["退还押金299元"], 0, {BasisFact.NO_CLAUSE}),
    ("《POS机服务协议》第8条：流量卡年费99元", [], 0, {BasisFact.CLAUSE}),
    ("", ["判令被告支付增加赔偿500元"], 0, {BasisFact.NO_CLAUSE, BasisFact.INCREASED_DAMAGES}),
    ("", ["退一赔三"], 0, {BasisFact.NO_CLAUSE, BasisFact.INCREASED_DAMAGES}),
    ("  ", [], 29_900, {BasisFact.NO_CLAUSE, BasisFact.INCREASED_DAMAGES}),
])
def test_the_case_facts_a_basis_needs(clause: str, demands: list[str], punitive: int,
                                      expected: set[BasisFact]) -> None:
    assert case_facts(clause=clause, demands=demands, punitive_fen=punitive) == expected


def test_a_court_pleads_private_law_first_and_no_regulatory_article() -> None:
    ids = ["nbpay.art34", "cpl.art26", "acq2013.art7", "civil_code.art577", "pboc259.s1.1.2",
           "pipl.art69", "civil_code.art496"]
    assert civil_bases(ids) == ["civil_code.art577", "civil_code.art496", "cpl.art26",
                                "pipl.art69"]


def test_a_condition_on_an_unknown_fact_or_article_fails_at_load() -> None:
    full = load_bases(REGISTER)
    rest = "".join(f'[{c.value}]\nconsumer = {list(full[c][DisputeScope.CONSUMER])!r}\n'
                   f'business = {list(full[c][DisputeScope.BUSINESS])!r}\n'
                   for c in Category).replace("'", '"')
    with pytest.raises(RegisterError, match="weather"):
        parse_bases('[requires]\n"cpl.art26" = "weather"\n' + rest, REGISTER)
    with pytest.raises(RegisterError, match=r"cpl\.art999"):
        parse_bases('[requires]\n"cpl.art999" = "clause"\n' + rest, REGISTER)


def _literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


@pytest.mark.parametrize("path", [
    "workbench/domain/categories.py", "workbench/domain/law/bases.py",
    "workbench/domain/limitation.py", "workbench/services/filings.py",
    "workbench/services/cases.py", "workbench/services/intake.py",
    "workbench/tui/case/overview.py", "workbench/tui/intake_screen.py",
    "workbench/domain/ladder.py",
])
def test_no_statute_named_in_code(path: str) -> None:
    assert not [s for s in _literals(ROOT / path) if "《" in s]


# -- the ladder differs by scope -----------------------------------------------------

@pytest.mark.parametrize(("scope", "target", "reason", "refused"), [
    ("business", Stage.MEDIATION, "", True),
    ("business", Stage.MEDIATION, "投诉人系个体户, 同时用于家庭消费", False),
    ("business", Stage.NATIONAL, "", True),
    ("business", Stage.INDUSTRY, "", False),
    ("business", Stage.LEGAL, "", False),
    ("consumer", Stage.MEDIATION, "", False),
    ("consumer", Stage.NATIONAL, "", False),
])
def test_business_scope_needs_a_reason_for_mediation_and_national(
        scope: str, target: Stage, reason: str, refused: bool) -> None:
    current = {Stage.MEDIATION: Stage.SUPERIOR, Stage.NATIONAL: Stage.MEDIATION,
               Stage.INDUSTRY: Stage.NATIONAL, Stage.LEGAL: Stage.MEDIA}[target]
    facts = MoveFacts(current=current, target=target, reason=reason, bodies_recorded=True,
                      approved=True, scope=DisputeScope(scope))
    codes = [r.code for r in refusals(facts)]
    assert (RequirementCode.BUSINESS_SCOPE in codes) is refused
    if refused:
        text = next(r.text for r in requirements(facts)
                    if r.code is RequirementCode.BUSINESS_SCOPE)
        assert "行业监管" in text and "法律途径" in text


# -- limitation ----------------------------------------------------------------------

P, S, M = Interruption.PROVIDER_CLAIM, Interruption.SUPERIOR_CLAIM, Interruption.MEDIATION
D = date


@pytest.mark.parametrize(("known", "interruptions", "today", "start", "end", "used"), [
    # none: three years from when the harm was known
    (D(2026, 3, 2), [], D(2026, 11, 26), D(2026, 3, 2), D(2029, 3, 2), []),
    # several, out of order: the last one before today counts
    (D(2024, 1, 10), [(D(2025, 6, 1), M), (D(2024, 5, 2), P), (D(2025, 1, 3), S)],
     D(2026, 11, 26), D(2025, 6, 1), D(2028, 6, 1), [D(2024, 5, 2), D(2025, 1, 3), D(2025, 6, 1)]),
    # the twenty-year maximum
    (D(2007, 1, 1), [(D(2009, 12, 1), P), (D(2012, 11, 1), P), (D(2015, 10, 1), P),
                     (D(2018, 9, 1), P), (D(2021, 8, 1), P), (D(2024, 7, 1), P)],
     D(2026, 11, 26), D(2024, 7, 1), D(2027, 1, 1), [D(2009, 12, 1), D(2012, 11, 1),
                                                      D(2015, 10, 1), D(2018, 9, 1),
                                                      D(2021, 8, 1), D(2024, 7, 1)]),
    # after expiry: does not revive
    (D(2020, 1, 1), [(D(2023, 6, 1), P)], D(2026, 11, 26), D(2020, 1, 1), D(2023, 1, 1), []),
    # before the harm was known: ignored
    (D(2025, 5, 1), [(D(2025, 4, 1), P)], D(2026, 11, 26), D(2025, 5, 1), D(2028, 5, 1), []),
    # in the future (a typo in the log): not yet
    (D(2025, 5, 1), [(D(2027, 1, 1), P)], D(2026, 11, 26), D(2025, 5, 1), D(2028, 5, 1), []),
])
def test_limitation_period(known: date, interruptions: list[tuple[date, Interruption]],
                           today: date, start: date, end: date, used: list[date]) -> None:
    period = limitation_period(known, interruptions, today)
    assert (period.start, period.end, [d for d, _ in period.used]) == (start, end, used)
    assert period.days_left == (end - today).days


def test_limitation_cap_is_marked() -> None:
    chain = [(D(y, 1, 1), P) for y in range(2009, 2026, 2)]
    period = limitation_period(D(2007, 1, 1), chain, D(2026, 11, 26))
    assert period.capped and period.started_by is P
    assert not limitation_period(D(2026, 3, 2), [], D(2026, 11, 26)).capped


# -- services ------------------------------------------------------------------------

MERCHANT = intake.IntakeForm(
    title="费率被擅自上调", kind="merchant", name="王五", phone="13912345678",
    merchant_name="王记小吃", provider="示例汇达支付有限公司", categories=["费率上调"],
    narrative="费率从0.38%上调至0.63%。", demands=[("退还多收手续费", "120")])


def test_a_merchant_defaults_to_business_with_a_reason(wb: Workbench) -> None:
    case = intake.submit(wb, MERCHANT)
    assert case.scope == "business" and case.scope_reason == cases.MERCHANT_SCOPE_REASON
    with wb.store.session() as session:
        kinds = [e.kind for e in session.execute(
            select(CaseEvent).where(CaseEvent.case_id == case.id)).scalars()]
    assert kinds == ["created", "scope_set"]
    view = case_view.case_view(wb, case.id)
    assert view.case.scope_label == "经营活动" and "经营活动" in view.case.scope_reason


def test_a_consumer_defaults_to_consumer(wb: Workbench) -> None:
    case = new_case(wb)
    assert (case.scope, case.scope_reason) == ("consumer", "")


def test_business_scope_needs_a_reason_at_intake(wb: Workbench) -> None:
    form = intake.IntakeForm(**{**vars(MERCHANT), "kind": "consumer", "scope": "business"})
    with pytest.raises(intake.IntakeErrors) as caught:
        intake.check(form, wb.today())
    assert "scope_reason" in caught.value.errors
    chosen = intake.IntakeForm(**{**vars(MERCHANT), "scope": "consumer",
                                  "scope_reason": "个体户为家庭使用"})
    assert intake.submit(wb, chosen).scope == "consumer"


def test_set_scope_corrects_with_an_event(wb: Workbench) -> None:
    case = new_case(wb)
    with pytest.raises(RuleViolation):
        cases.set_scope(wb, case.id, case.version, "business", " ")
    changed = cases.set_scope(wb, case.id, case.version, "business", "投诉人为商户经营使用")
    assert changed.scope == "business" and changed.version == case.version + 1
    with wb.store.session() as session:
        last = session.execute(select(CaseEvent).where(CaseEvent.case_id == case.id)
                               .order_by(CaseEvent.seq.desc())).scalars().first()
    assert last is not None and last.kind == "scope_set"
    assert last.payload == {"scope": "business", "reason": "投诉人为商户经营使用"}


def test_the_picker_asks_a_reason_for_mediation_in_business_scope(wb: Workbench) -> None:
    case = intake.submit(wb, MERCHANT)
    options = {o.stage: o for o in escalation.options(wb, case.id)}
    assert RequirementCode.BUSINESS_SCOPE in [r.code for r in options[Stage.MEDIATION].requirements]
    assert RequirementCode.BUSINESS_SCOPE not in [r.code for r in
                                                  options[Stage.INDUSTRY].requirements]


def test_new_from_toml_takes_the_scope(tmp_path: Path) -> None:
    path = tmp_path / "case.toml"
    path.write_text('title = "押金"\nscope = "consumer"\nscope_reason = "家用"\n'
                    'categories = ["押金"]\n[complainant]\nkind = "merchant"\nname = "王五"\n'
                    'merchant_name = "王记"\n[provider]\nname = "示例"\n', "utf-8")
    form = intake.form_from_toml(path)
    assert (form.scope, form.scope_reason) == ("consumer", "家用")


def test_the_case_view_counts_claims_and_mediation(wb: Workbench) -> None:
    case = new_case(wb)
    case = cases.edit_case(wb, case.id, case.version, {"harm_known_on": D(2025, 1, 5)})
    claim_at = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    contacts.log_contact(wb, case.id, case.version, contacts.ContactDraft(
        channel="phone", counterpart="客服", summary="要求恢复原费率", at=claim_at))
    view = case_view.case_view(wb, case.id)
    left = (D(2029, 3, 2) - wb.today()).days
    assert view.limitation == ("诉讼时效：自 2026-03-02（向服务商提出请求）起算，"
                               f"至 2029-03-02 届满，剩余 {left} 天"
                               "（民法典第一百八十八条、民法典第一百九十五条）")
    assert view.limitation_days is None  # far from the warning window


def test_a_merchant_fee_increase_filing_cites_the_civil_code(wb: Workbench,
                                                            tmp_path: Path) -> None:
    case = intake.submit(wb, MERCHANT)
    exported = filings.export(wb, case.id, "complaint_letter_provider", tmp_path) \
        if "complaint_letter_provider" in filings.kinds_for(case.stage) else None
    if exported is None:
        from sqlalchemy import text

        with wb.store.engine.begin() as conn:
            conn.execute(text("UPDATE complaint_case SET stage = 'provider' WHERE id = :i"),
                         {"i": case.id})
        exported = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    document = docx.Document(str(exported.path))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "民法典" in body and "非银行支付机构监督管理条例" in body
    assert "消费者权益保护法" not in body





def test_a_merchants_checklist_asks_for_the_merchant_contract(wb: Workbench) -> None:
    from workbench.domain.categories import BUSINESS_CHECKLIST
    from workbench.services import evidence

    case = new_case(wb)
    consumer_items = {line.item_label for line in evidence.checklist(wb, case.id)}
    assert not consumer_items & {item.label for item in BUSINESS_CHECKLIST}
    cases.set_scope(wb, case.id, case.version, DisputeScope.BUSINESS, "为经营使用POS收单服务")
    lines = evidence.checklist(wb, case.id)
    business = [line for line in lines if line.category is None]
    assert [line.item_label for line in business] == [i.label for i in BUSINESS_CHECKLIST]
    assert all(line.category_label == "经营活动" and not line.satisfied for line in business)


def test_a_business_dispute_is_offered_no_consumer_complaint_to_the_market_bureau() -> None:
    """Review round 3: a 早餐店's fee dispute went to 市场监管 as a 消费者投诉书."""
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    complaint = FilingKind.CONSUMER_COMPLAINT
    assert complaint in filings.kinds_for("mediation", "accepted", scope="consumer")
    assert complaint not in filings.kinds_for("mediation", "accepted", scope="business")
    assert FilingKind.MEDIATION_APPLICATION in filings.kinds_for("mediation", "accepted",
                                                                  scope="business")
