"""Rules bind the party they really bind (issue 11, review 0.1, §1.1, §6.1, §7.1–7.2):
an agent (特约商户拓展服务机构) is never held to the payment and acquiring rules; papers
to the agent, or pleading against it, cite what binds it; papers to its acquirer or to the
acquirer's regulator cite the acquirer's rules against the acquirer, and name it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import new_case
from tests.test_export import at_stage, text_of
from workbench.domain.categories import Category
from workbench.domain.clock import at_local
from workbench.domain.ladder import Stage
from workbench.filings import documents as docs
from workbench.filings.documents import FilingKind
from workbench.filings.voice import load_voice
from workbench.services import addressees, cases, filings, litigation
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.services.filing_data import cited_ids, filing_data
from workbench.store.models import Case, Provider

ACQUIRER, ACQUIRER_CODE = "示例安捷支付科技有限公司", "91410100MA44ABCD1X"
AGENT, AGENT_CODE = "杭州市示例永盛科技发展有限公司", "913301062REBY1GD3E"
REGULATORY = ("nbpay.", "acq2013.", "pboc")


def test_payment_and_acquiring_rules_never_bind_an_agent() -> None:
    binds = addressees.binds
    assert binds("nbpay.art20", "payment_institution")
    assert not binds("nbpay.art20", "acquiring_bank") and not binds("nbpay.art20", "agent")
    for rule in ("acq2013.art7", "pboc259.s1.1.2", "pboc_fcp2020.art43"):
        assert binds(rule, "payment_institution") and binds(rule, "acquiring_bank")
        assert not binds(rule, "agent"), rule
    for rule in ("civil_code.art577", "cpl.art26", "pipl.art51"):
        assert binds(rule, "agent")


def agent_case(wb: Workbench, category: Category = Category.FEE_INCREASE,
               acquirer_kind: str = "payment_institution") -> int:
    with wb.store.write() as session:
        acquirer = Provider(name=ACQUIRER, short_name="示例安捷", kind=acquirer_kind,
                            uscc=ACQUIRER_CODE, address="河南省郑州市金水区花园路1号",
                            legal_representative="赵六")
        session.add(acquirer)
        session.flush()
        agent = Provider(name=AGENT, short_name="示例永盛", kind="agent", uscc=AGENT_CODE,
                         address="浙江省杭州市西湖区科技园路25号", superior_id=acquirer.id,
                         legal_representative="钱七")
        session.add(agent)
        session.flush()
        agent_id = agent.id
    case = new_case(wb, provider_id=agent_id)
    assert case.id is not None
    cases.edit_case(wb, case.id, case.version, {"categories": [category]})
    return case.id


def data_for(wb: Workbench, case_id: int, kind: FilingKind,
             addressee: str | None = None) -> docs.FilingData:
    with wb.store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        options = addressees.choices(session, case, kind, association="示例市消费者协会",
                                     cited=cited_ids(session, wb, case))
        chosen = addressees.chosen(options, addressee, load_voice().of(kind).addressee)
        return filing_data(session, wb, case, kind, "", False, addressee=chosen,
                           association="示例市消费者协会")


AGAINST_THE_AGENT = [FilingKind.COMPLAINT_LETTER_PROVIDER, FilingKind.CONSUMER_COMPLAINT,
                     FilingKind.MEDIATION_APPLICATION, FilingKind.CIVIL_COMPLAINT,
                     FilingKind.SUPPORT_OPINION, FilingKind.PRESS_BRIEF]
AGAINST_THE_ACQUIRER = [FilingKind.COMPLAINT_LETTER_SUPERIOR, FilingKind.INDUSTRY_REPORT,
                        FilingKind.SAMR_REPORT]


@pytest.mark.parametrize("kind", AGAINST_THE_AGENT)
def test_papers_against_the_agent_cite_only_what_binds_it(wb: Workbench,
                                                          kind: FilingKind) -> None:
    case_id = agent_case(wb)
    data = data_for(wb, case_id, kind)
    ids = [b[3] for b in data.bases]
    assert ids and not [i for i in ids if i.startswith(REGULATORY)], ids
    assert data.respondent is None  # the provider itself


@pytest.mark.parametrize("kind", AGAINST_THE_ACQUIRER)
def test_papers_to_the_acquirer_or_its_regulator_cite_its_rules(wb: Workbench,
                                                               kind: FilingKind) -> None:
    case_id = agent_case(wb)
    addressee = "中国人民银行河南省分行" if kind is not FilingKind.COMPLAINT_LETTER_SUPERIOR \
        else None
    data = data_for(wb, case_id, kind, addressee)
    assert any(b[3].startswith("nbpay.art20") for b in data.bases)
    assert data.respondent is not None and data.respondent.name == ACQUIRER
    assert data.respondent.uscc == ACQUIRER_CODE


def test_a_letter_to_an_agent_is_copied_to_its_acquirer(wb: Workbench, tmp_path: Path) -> None:
    case_id = agent_case(wb, Category.SETTLEMENT)
    at_stage(wb, case_id, "provider")
    text = text_of(filings.export(wb, case_id, FilingKind.COMPLAINT_LETTER_PROVIDER,
                                  tmp_path).path)
    assert f"{AGENT}：" in text and f"抄送：{ACQUIRER}" in text
    assert "非银行支付机构监督管理条例" not in text and "银行卡收单业务管理办法" not in text
    assert "第五百七十七条" in text  # the contract binds the agent
    at_stage(wb, case_id, "superior")
    superior = text_of(filings.export(wb, case_id, FilingKind.COMPLAINT_LETTER_SUPERIOR,
                                      tmp_path).path)
    assert f"{ACQUIRER}：" in superior and "非银行支付机构监督管理条例" in superior


def test_a_report_to_the_pboc_names_the_acquirer_and_its_agent(wb: Workbench,
                                                             tmp_path: Path) -> None:
    case_id = agent_case(wb, Category.CODE_JUMPING)
    options = addressees_of(wb, case_id, FilingKind.SAMR_REPORT)
    assert options[0] == ("中国人民银行河南省分行", "按机构住所地推定")
    at_stage(wb, case_id, "national")
    text = text_of(filings.export(wb, case_id, FilingKind.SAMR_REPORT, tmp_path).path)
    assert f"关于{ACQUIRER}涉嫌" in text.replace("\n", "")
    assert "该公司住所地在河南省" in text
    assert (f"被举报人：{ACQUIRER}，统一社会信用代码：{ACQUIRER_CODE}，"
            "住所地：河南省郑州市金水区花园路1号。") in text
    assert (f"被举报人的特约商户拓展服务机构：{AGENT}，统一社会信用代码：{AGENT_CODE}"
            in text)
    assert f"被举报人：{AGENT}" not in text
    assert (f"{ACQUIRER}（以下简称被举报人）作为收单机构，通过{AGENT}拓展特约商户，"
            "涉嫌存在下列违法行为。") in text
    # the acquirer's rules against 跳码: the verified ones quoted, 259号 named only
    assert "《非银行支付机构监督管理条例》（国务院令第768号）第三十条第二款" in text
    assert "第一部分第（一）项第2点的规定" in text.replace("\n", "")


def test_a_report_to_the_market_bureau_keeps_the_agent(wb: Workbench, tmp_path: Path) -> None:
    case_id = agent_case(wb, Category.FEE_INCREASE)
    # a recorded clause: the consumer law's 格式条款 rule is cited, the bureau enforces it
    litigation.set_litigation(wb, case_id, cases.get_case(wb, case_id).version,
                              {"clause": "《POS机服务协议》第8条"})
    at_stage(wb, case_id, "national")
    text = text_of(filings.export(wb, case_id, FilingKind.SAMR_REPORT, tmp_path,
                                  addressee="浙江省市场监督管理局").path)
    assert f"被举报人：{AGENT}，统一社会信用代码：{AGENT_CODE}" in text
    assert "特约商户拓展服务机构" not in text and "该公司住所地" not in text
    assert "非银行支付机构监督管理条例" not in text


def addressees_of(wb: Workbench, case_id: int, kind: FilingKind) -> list[tuple[str, str]]:
    return [(o.name, o.note) for o in filings.addressee_options(wb, case_id, kind)]


def contact(wb: Workbench, case_id: int, stage: Stage, counterpart: str, day: int) -> None:
    log_contact(wb, case_id, cases.get_case(wb, case_id).version, ContactDraft(
        channel="phone", counterpart=counterpart, summary="转达投诉，要求处理",
        counterpart_stage=stage, at=at_local(date(2026, 11, day))))


def test_the_industry_report_states_one_competence_and_what_was_done(
        wb: Workbench, tmp_path: Path) -> None:
    case_id = agent_case(wb, Category.FEE_INCREASE)
    at_stage(wb, case_id, "industry")
    contact(wb, case_id, Stage.PROVIDER, "示例永盛客服", 10)
    pcac = text_of(filings.export(wb, case_id, FilingKind.INDUSTRY_REPORT, tmp_path,
                                  addressee="中国支付清算协会").path).replace("\n", "")
    assert f"{AGENT}系{ACQUIRER}的特约商户拓展服务机构" in pcac
    assert f"{ACQUIRER}的相关业务属贵会自律管理的范围" in pcac
    assert "监督管理或" not in pcac and "或自律管理" not in pcac
    assert "经与被投诉人协商，问题未能解决" in pcac and "及其上级机构协商" not in pcac
    contact(wb, case_id, Stage.SUPERIOR, "示例安捷客服", 20)
    pboc = text_of(filings.export(wb, case_id, FilingKind.INDUSTRY_REPORT, tmp_path,
                                  addressee="中国人民银行河南省分行").path).replace("\n", "")
    assert f"{ACQUIRER}的相关业务属贵行监督管理的范围" in pboc
    assert "经与被投诉人及其上级机构协商，问题未能解决" in pboc


def test_an_industry_report_without_contacts_claims_none(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)  # a payment institution, no contact logged
    assert case.id is not None
    at_stage(wb, case.id, "industry")
    text = text_of(filings.export(wb, case.id, FilingKind.INDUSTRY_REPORT, tmp_path,
                                  addressee="中国人民银行北京市分行").path).replace("\n", "")
    assert "协商" not in text.split("现将有关情况反映如下")[0]
    assert "示例支付有限公司的相关业务属贵行监督管理的范围" in text
