"""The association's letters and its 支持起诉意见书 as the record makes them (review round 5's
template items; round 4 §1.3, §2.3–2.5, §5.5, §6.3, §10.2–3), read back from real .docx."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import new_case
from tests.test_filings import full_text, read_back, sample, texts
from workbench.domain.categories import Category
from workbench.domain.law import load_register
from workbench.domain.law.bases import BasisFact, basis_for, case_facts, own_point
from workbench.filings.documents import Demand, FilingKind, Provider
from workbench.filings.layout import wording
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.services.filing_data import bases as case_bases
from workbench.services.law import demo_law_path
from workbench.store.models import Case

REGISTER = load_register()
DEMO_LAW = load_register(demo_law_path())
ON = REGISTER.get("civil_code.art577").effective_from
BRANCH = Provider("某某信息科技有限公司第三分公司", "91110000MA01ABCDE1", "北京市朝阳区某某路1号",
                  "某某支付有限公司", "唐娜")
HEAD = Provider("某某信息科技有限公司", "91110000MA01ABCDF0", "北京市海淀区某某路9号", "",
                "王五")
LETTERS = (FilingKind.COMPLAINT_LETTER_PROVIDER, FilingKind.COMPLAINT_LETTER_SUPERIOR)


def _text(tmp_path: Path, kind: FilingKind, **changes: object) -> str:
    document, _ = read_back(kind, tmp_path, sample(**changes))
    return full_text(document)


# -- 1. a business dispute: a voluntary mediation on the association's own rule --------

@pytest.mark.parametrize("kind", LETTERS, ids=str)
def test_a_business_disputes_letter_states_the_voluntary_mediation_and_its_rule(
        tmp_path: Path, kind: FilingKind) -> None:
    text = _text(tmp_path, kind, business_scope=True, law=DEMO_LAW)
    rule = DEMO_LAW.get("assoc.business_disputes").citation
    assert f"不属于消费者权益争议。依据{rule}的规定，本会在双方自愿的基础上以调解方式协助处理。" \
        in text
    assert "消费者协会受理消费者的投诉" not in text  # never the consumer law's function
    if kind is FilingKind.COMPLAINT_LETTER_PROVIDER:  # the provider may decline it
        assert "认真核查，告知本会是否同意由本会主持调解，并依法依约妥善处理投诉人的请求" in text


def test_a_consumers_letter_keeps_the_consumer_laws_function(tmp_path: Path) -> None:
    text = _text(tmp_path, FilingKind.COMPLAINT_LETTER_PROVIDER)
    assert "消费者协会受理消费者的投诉" in text
    assert "以调解方式协助处理" not in text and "是否同意由本会主持调解" not in text


def test_a_business_letter_without_the_rule_registered_cites_none(tmp_path: Path) -> None:
    text = _text(tmp_path, FilingKind.COMPLAINT_LETTER_PROVIDER, business_scope=True)
    assert "不属于消费者权益争议。本会在双方自愿的基础上以调解方式协助处理。" in text
    assert "章程" not in text


# -- 2. the superior letter's history heading promises what it lists -------------------

def test_the_superior_letters_history_is_the_associations(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.COMPLAINT_LETTER_SUPERIOR, tmp_path, sample())
    lines = texts(document)
    assert "四、本会处理经过" in lines
    assert not [line for line in lines if "投诉人与服务商协商" in line]


# -- 3. a branch named with its head company -------------------------------------------

@pytest.mark.parametrize("kind", [*LETTERS, FilingKind.INDUSTRY_REPORT], ids=str)
def test_a_branch_is_named_with_its_registered_head_company(tmp_path: Path,
                                                            kind: FilingKind) -> None:
    text = _text(tmp_path, kind, provider=BRANCH, head_office=HEAD)
    assert ("被投诉人的总公司：某某信息科技有限公司，统一社会信用代码：91110000MA01ABCDF0，"
            "住所地：北京市海淀区某某路9号。") in text


def test_a_branch_not_registered_is_named_with_its_head_company_by_name(tmp_path: Path) -> None:
    text = _text(tmp_path, FilingKind.COMPLAINT_LETTER_PROVIDER, provider=BRANCH)
    assert "被投诉人的总公司：某某信息科技有限公司。" in text


def test_no_head_company_for_a_company_that_is_no_branch(tmp_path: Path) -> None:
    assert "总公司" not in _text(tmp_path, FilingKind.COMPLAINT_LETTER_PROVIDER)


def test_a_report_names_the_agents_head_company(tmp_path: Path) -> None:
    acquirer = Provider("某某支付有限公司", "91110000MA01PAY001", "北京市西城区某某路2号")
    text = _text(tmp_path, FilingKind.SAMR_REPORT, provider=BRANCH, head_office=HEAD,
                 respondent=acquirer)
    assert "被举报人的特约商户拓展服务机构：某某信息科技有限公司第三分公司" in text
    assert "该机构的总公司：某某信息科技有限公司，统一社会信用代码：91110000MA01ABCDF0" in text


# -- 4. §584 only for a claimed loss, never alone for a point --------------------------

@pytest.mark.parametrize(("demands", "damages"), [
    (["兑现激活返现182元"], False),
    (["退还多收取的手续费", "恢复原约定费率"], False),
    (["赔偿资金占用期间的利息损失"], True),
    (["赔偿经济损失500元"], True),
    (["判令被告支付增加赔偿500元"], False),  # an 增加赔偿 is no loss
    (["退一赔三"], False),
])
def test_a_claimed_loss_is_a_fact_of_the_case(demands: list[str], damages: bool) -> None:
    facts = case_facts(clause="", demands=demands, punitive_fen=0)
    assert (BasisFact.DAMAGES in facts) is damages


@pytest.mark.parametrize("scope", ["consumer", "business"])
def test_article_584_only_where_a_loss_is_claimed(scope: str) -> None:
    bare = [e.id for e in basis_for([Category.CASHBACK], scope, REGISTER, ON)]
    assert "civil_code.art584" not in bare and bare[0] == "civil_code.art577"
    claimed = [e.id for e in basis_for([Category.CASHBACK], scope, REGISTER, ON,
                                       facts={BasisFact.NO_CLAUSE, BasisFact.DAMAGES})]
    assert claimed[:2] == ["civil_code.art577", "civil_code.art584"]


def test_a_point_never_rests_on_article_584_alone() -> None:
    entries = [REGISTER.get(i) for i in ("civil_code.art577", "civil_code.art584")]
    assert [e.id for e in own_point(entries, {"civil_code.art577"})] == \
        ["civil_code.art577", "civil_code.art584"]
    assert own_point(entries, {"civil_code.art577", "civil_code.art584"}) == []
    assert [e.id for e in own_point(entries, set())] == ["civil_code.art577", "civil_code.art584"]


def _bases(wb: Workbench, demands: list[cases.Demand]) -> list[tuple[str, str]]:
    case = new_case(wb)
    cases.edit_case(wb, case.id, case.version,
                    {"categories": [Category.FEE_INCREASE, Category.CASHBACK],
                     "demands": [{"text": d.text, "amount_fen": d.amount_fen} for d in demands]})
    with wb.store.session() as session:
        row = session.get(Case, case.id)
        assert row is not None
        return [(b[0], b[3]) for b in case_bases(wb, row, wb.today())]


def test_cashback_without_a_claimed_loss_cites_no_584(wb: Workbench) -> None:
    found = _bases(wb, [cases.Demand("退还多收取的手续费", 250250),
                        cases.Demand("兑现激活返现", 18200)])
    assert "civil_code.art584" not in [i for _, i in found]


def test_cashback_with_a_claimed_loss_leads_584_with_577(wb: Workbench) -> None:
    found = _bases(wb, [cases.Demand("兑现激活返现", 18200),
                        cases.Demand("赔偿资金占用期间的利息损失", 3742)])
    cashback = [i for label, i in found if "返现" in label]
    assert cashback == ["civil_code.art577", "civil_code.art584"]
    assert [i for _, i in found].count("civil_code.art577") == 2


def test_a_rule_quoted_under_an_earlier_point_is_referred_to(tmp_path: Path) -> None:
    def row(label: str, entry_id: str) -> tuple[str, str, str, str]:
        entry = REGISTER.get(entry_id)
        return (label, entry.citation, wording(entry), entry_id)

    bases = [row("费率上调/乱收费", "civil_code.art577"), row("激活返现", "civil_code.art577"),
             row("激活返现", "civil_code.art584")]
    data = dict(bases=bases, demands=[Demand("赔偿利息损失", 3742)])
    letter = _text(tmp_path / "l", FilingKind.COMPLAINT_LETTER_SUPERIOR, **data)
    citation = REGISTER.get("civil_code.art577").citation
    assert letter.count(f"{citation}规定：") == 1
    assert f"前引{citation}的规定同样适用。" in letter
    application = _text(tmp_path / "a", FilingKind.MEDIATION_APPLICATION, doc_no="", **data)
    assert application.count(f"{citation}规定：") == 1  # one list, each rule once


# -- 5. the support opinion: what happened, and the association's own reasoning --------

def test_the_support_opinion_names_a_mediation_only_when_one_failed(tmp_path: Path) -> None:
    handled = texts(read_back(FilingKind.SUPPORT_OPINION, tmp_path / "h",
                              sample(doc_no="", mediation_failed=False))[0])
    assert "二、本会受理及处理情况" in handled and "二、本会受理及调解情况" not in handled
    mediated = texts(read_back(FilingKind.SUPPORT_OPINION, tmp_path / "m",
                               sample(doc_no="", mediation_failed=True))[0])
    assert "二、本会受理及调解情况" in mediated


def test_the_support_opinion_gives_the_associations_own_reasoning(tmp_path: Path) -> None:
    lines = texts(read_back(FilingKind.SUPPORT_OPINION, tmp_path, sample(doc_no=""))[0])
    reasoning = [line for line in lines if line.startswith("本会认为，")]
    assert len(reasoning) == 1
    text = reasoning[0]
    assert "原告就其所述被告未经协商擅自上调刷卡费率" in text  # its account, as an account
    assert "提交了POS机办理协议、交易明细截图等证据" in text
    assert "如经贵院查证属实，被告应当依照《中华人民共和国民法典》第五百七十七条" in text
    assert "鉴于本会协调处理未能解决纠纷，原告通过诉讼维护自身合法权益确有必要" in text
    facts, support = lines.index("三、事实与理由"), lines.index("四、支持起诉的方式")
    assert facts < lines.index(text) < support


def test_the_reasoning_holds_both_defendants_when_a_head_company_is_joined(
        tmp_path: Path) -> None:
    text = full_text(read_back(FilingKind.SUPPORT_OPINION, tmp_path,
                               sample(doc_no="", provider=BRANCH, head_office=HEAD,
                                      mediation_failed=True))[0])
    assert "原告就其所述被告一未经协商擅自上调刷卡费率" in text
    assert "二被告应当依照" in text and "鉴于本会组织的调解未能达成协议，" in text


# -- 6. the 举报信 opening: the institution first, then its role ------------------------

def test_the_report_names_the_institution_first_then_its_role(tmp_path: Path) -> None:
    acquirer = Provider("某某支付有限公司", "91110000MA01PAY001", "北京市西城区某某路2号")
    agent = Provider("某某信息科技有限公司", "91110000MA01ABCDF0", "北京市海淀区某某路9号")
    text = _text(tmp_path, FilingKind.SAMR_REPORT, provider=agent, respondent=acquirer)
    assert ("中发现，某某支付有限公司（以下简称被举报人）作为收单机构，通过某某信息科技有限公司"
            "拓展特约商户，涉嫌存在下列违法行为。") in text
    assert "为其拓展特约商户的收单机构" not in text
