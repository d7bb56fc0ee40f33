"""The acceptance decision's notices, exported through the services and read back: the
refusal notice names its ground and prints each cited article with the register's wording;
no raw code reaches the page; dates in Arabic numerals; LibreOffice renders them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from tests.test_filings import _office, _poppler, _to_pdf
from workbench.domain.clock import FrozenClock
from workbench.domain.law import load_register
from workbench.domain.law.grounds import load_grounds
from workbench.errors import RuleViolation
from workbench.filings.documents import FilingKind
from workbench.filings.style import demo_style_path
from workbench.services import acceptance, cases, filings
from workbench.services.context import Workbench

CODES = re.compile(r"\b(not_consumption|no_respondent|material_requested|refused|accepted|"
                   r"pending|intake|provider|closed|rejected)\b|samr\d|cpl\.")


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def refused(wb: Workbench, ground: str = "not_consumption") -> int:
    case = new_case(wb)
    assert case.id is not None
    if ground == "not_consumption":  # the merchant ground: a case recorded as business
        case = cases.set_scope(wb, case.id, case.version, "business", "商户为经营活动使用POS机")
    acceptance.refuse(wb, case.id, case.version, ground, reason="该事项系资金结算争议")
    return case.id


def test_refusal_notice_cites_the_register(wb: Workbench, tmp_path: Path) -> None:
    case_id = refused(wb)
    assert filings.kinds_for("closed", "refused")[-1] is FilingKind.REFUSAL_NOTICE
    exported = filings.export(wb, case_id, FilingKind.REFUSAL_NOTICE, tmp_path)
    text = text_of(exported.path)
    ground = load_grounds().refusal_ground("not_consumption")
    register = load_register()
    assert "不予受理告知书" in text and exported.doc_no in text
    assert "\n张三：\n" in text  # addressed to the complainant
    # the ground stated as a fact, never quoted from a rule the notice does not name
    assert f"，{ground.label}。" in text and f"“{ground.label}”" not in text
    assert "依据《中华人民共和国消费者权益保护法》第二条的规定，本会决定不予受理" in text
    assert "第三十七条" not in text  # the power to accept grounds no refusal
    from workbench.filings.layout import article_body

    for entry in ground.citations(register, TODAY):  # named once, then the wording
        assert f"{entry.citation}：{article_body(entry.text).rstrip('；')}" in text
    assert ground.suggestion("中国人民银行北京市分行", "示例支付有限公司") in text
    assert "2026年11月26日" in text and "二〇二六" not in text  # GB/T 9704 §7.3.5
    assert not CODES.search(text), CODES.search(text)


def _provider_is(wb: Workbench, case_id: int, kind: str, acquirer_kind: str = "") -> None:
    from workbench.store.models import Case, Provider

    with wb.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        provider = session.get(Provider, case.provider_id)
        assert provider is not None
        provider.kind = kind
        if acquirer_kind:
            acquirer = Provider(name="示例收单有限公司", short_name="示例收单", kind=acquirer_kind,
                                address="河南省郑州市金水区花园路1号")
            session.add(acquirer)
            session.flush()
            provider.superior_id = acquirer.id


@pytest.mark.parametrize(("kind", "acquirer", "body"), [
    ("payment_institution", "", "中国人民银行北京市分行"),
    ("acquiring_bank", "", "国家金融监督管理总局北京监管局"),
    ("agent", "payment_institution", "中国人民银行河南省分行"),
    ("agent", "acquiring_bank", "国家金融监督管理总局河南监管局"),
])
def test_a_refusal_names_the_one_competent_body(wb: Workbench, tmp_path: Path, kind: str,
                                                acquirer: str, body: str) -> None:
    case = new_case(wb)
    assert case.id is not None
    _provider_is(wb, case.id, kind, acquirer)
    case = cases.set_scope(wb, case.id, case.version, "business", "商户为经营活动使用POS机")
    result = acceptance.refuse(wb, case.id, case.version, "not_consumption")
    assert f"监督管理部门{body}反映" in result.message
    text = text_of(filings.export(wb, case.id, FilingKind.REFUSAL_NOTICE, tmp_path).path)
    supervised = "示例收单有限公司" if acquirer else "示例支付有限公司"
    assert f"可向{supervised}的监督管理部门{body}反映，或者依法向人民法院起诉、申请仲裁" in text
    others = {"中国人民银行", "国家金融监督管理总局", "中国支付清算协会"} - {body[:6], body[:10]}
    assert not [o for o in others if o in text.replace(body, "")], text
    assert "派出机构" not in text and "分支机构" not in text
    # the association's refusal rests on the consumer law, never on the market
    # regulator's procedure
    assert "市场监督管理投诉举报处理" not in text and "市场监督管理部门" not in text


def test_a_refusal_without_the_associations_rule_states_the_ground_as_a_fact(
        wb: Workbench, tmp_path: Path) -> None:
    """Without its own rule registered the association cites no article for a ground no
    statute defines — never 消法§37(五), the power to accept — and quotes nothing."""
    case_id = refused(wb, "outside_competence")
    text = text_of(filings.export(wb, case_id, FilingKind.REFUSAL_NOTICE, tmp_path).path)
    assert ("，投诉事项不属于本会受理范围。具体理由：该事项系资金结算争议。本会决定不予受理。"
            in text)
    assert "第三十七条" not in text and "受理消费者的投诉" not in text
    assert "所依据的规定" not in text and "“投诉事项不属于本会受理范围”" not in text
    assert "监督管理部门中国人民银行北京市分行反映" in text


def test_a_refusal_rests_on_the_associations_own_rule(wb: Workbench, tmp_path: Path) -> None:
    """With its 章程 registered (the demo's), the notice cites the item the ground rests on
    with its wording, and no consumer-law article."""
    from workbench.services.law import demo_law_path

    wb.law = load_register(demo_law_path())
    case_id = refused(wb, "outside_competence")
    text = text_of(filings.export(wb, case_id, FilingKind.REFUSAL_NOTICE, tmp_path).path)
    rule = wb.law.get("assoc.refusal.outside_competence", TODAY)
    assert f"依据{rule.citation}的规定，本会决定不予受理" in text
    assert (f"{rule.citation}：有下列情形之一的，本会不予受理：……（六）投诉事项不是投诉人与"
            "经营者之间的消费争议") in text
    assert text.count("所依据的规定") == 1
    assert "本章程第八条规定的投诉人与服务机构之间的纠纷的。" in text
    assert "第三十七条" not in text and "消费者权益保护法" not in text


def test_no_refusal_ground_rests_on_the_power_to_accept() -> None:
    """消法§37(五) confers the function of accepting complaints: no refusal cites it."""
    for ground in load_grounds().refusal.values():
        assert "cpl.art37.p1.item5" not in ground.cites, ground.code
        assert ground.own.startswith("assoc.refusal."), ground.code


def test_material_and_acceptance_notices(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    assert case.id is not None
    with pytest.raises(RuleViolation, match="不能出具"):
        filings.export(wb, case.id, FilingKind.MATERIAL_NOTICE, tmp_path)  # nothing asked yet
    acceptance.request_material(wb, case.id, case.version, ["交易流水", "POS机办理合同"],
                                date(2026, 12, 10))
    text = text_of(filings.export(wb, case.id, FilingKind.MATERIAL_NOTICE, tmp_path).path)
    assert "请你于2026年12月10日前向本会补正下列材料" in text
    assert "1. 交易流水，用以核实交易及扣费的事实；" in text
    assert "2. POS机办理合同，用以核实双方约定的服务内容和收费标准。" in text
    assert not CODES.search(text)
    acceptance.accept(wb, case.id, cases.get_case(wb, case.id).version)
    assert FilingKind.MATERIAL_NOTICE not in filings.kinds_for("provider", "accepted")
    text = text_of(filings.export(wb, case.id, FilingKind.ACCEPTANCE_NOTICE, tmp_path).path)
    assert "决定予以受理" in text and "示例支付有限公司" in text
    assert "2026年11月26日" in text and not CODES.search(text)


def test_each_material_says_why_it_is_needed_and_ends_its_sentence(wb: Workbench,
                                                                     tmp_path: Path) -> None:
    """Review round 4 §16: every item closes with punctuation (；, the last 。) and says
    why the association needs it (endings.toml [material]); a reason the caseworker
    wrote is kept, not doubled; an item no word matches takes the general reason."""
    case = new_case(wb)
    assert case.id is not None
    acceptance.request_material(wb, case.id, case.version,
                                ["身份证复印件", "扣费短信截图。", "押金收据（用以核实押金金额）",
                                 "其他材料"], date(2026, 12, 10))
    text = text_of(filings.export(wb, case.id, FilingKind.MATERIAL_NOTICE, tmp_path).path)
    for line in ("1. 身份证复印件，用以确认投诉人身份；",
                 "2. 扣费短信截图，用以核实服务商扣费或告知的情况；",
                 "3. 押金收据（用以核实押金金额）；",
                 "4. 其他材料，用以核实投诉事实。"):
        assert line in text, line
    assert "。，" not in text and "用以用以" not in text


@pytest.mark.slow
def test_libreoffice_renders_the_refusal_notice(sqlite_url: str, tmp_path: Path) -> None:
    office = _office()
    store = open_test_store(sqlite_url)
    try:
        wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY),
                       filings_style=demo_style_path())
        exported = filings.export(wb, refused(wb), FilingKind.REFUSAL_NOTICE, tmp_path)
    finally:
        store.dispose()
    pdf = _to_pdf(office, exported.path, tmp_path)
    squeezed = re.sub(r"\s+", "", _poppler("pdftotext", "-layout", str(pdf), "-"))
    assert "不予受理告知书" in squeezed and "示消协函〔2026〕1号" in squeezed
    assert "决定不予受理" in squeezed and "2026年11月26日" in squeezed
    label = load_grounds().refusal_ground("not_consumption").label
    assert re.sub(r"\s+", "", label) in squeezed


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "scope"), [(FilingKind.ACCEPTANCE_NOTICE, "consumer"),
                                             (FilingKind.ACCEPTANCE_NOTICE, "business"),
                                             (FilingKind.MATERIAL_NOTICE, "consumer")])
def test_libreoffice_keeps_a_notice_on_one_page(sqlite_url: str, tmp_path: Path,
                                                kind: FilingKind, scope: str) -> None:
    """A notice is one page (review: a third of page 1 blank, the signature on page 2),
    with a subject as long as a demo's and three items to supply; the phone in the 附注
    is never split at its hyphen."""
    from pypdf import PdfReader

    office = _office()
    store = open_test_store(sqlite_url)
    try:
        from workbench.services.law import demo_law_path

        wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY),
                       filings_style=demo_style_path(), law=load_register(demo_law_path()))
        case = new_case(wb, "服务商未经同意上调POS机刷卡费率并扣收流量卡年费")
        assert case.id is not None
        if scope == "business":  # the longer acceptance, on the association's own rule
            case = cases.set_scope(wb, case.id, case.version, "business", "商户经营使用")
        if kind is FilingKind.MATERIAL_NOTICE:
            acceptance.request_material(
                wb, case.id, case.version,
                ["与服务商签订的POS机服务协议", "2026年10月至11月的交易明细", "扣费短信截图"],
                date(2026, 12, 10))
        else:
            acceptance.accept(wb, case.id, case.version)
        exported = filings.export(wb, case.id, kind, tmp_path)
    finally:
        store.dispose()
    pdf = _to_pdf(office, exported.path, tmp_path)
    assert len(PdfReader(str(pdf)).pages) == 1
    lines = [re.sub(r"\s+", "", line)
             for line in _poppler("pdftotext", "-layout", str(pdf), "-").splitlines()]
    assert any("联系电话：010-12315000" in line.replace("\u2060", "") for line in lines)
    if kind is FilingKind.MATERIAL_NOTICE:
        assert "（地址：示例市示例区民生路88号）" in "".join(lines)


def test_a_consumers_refusal_never_calls_the_consumer_a_merchant(wb: Workbench,
                                                                 tmp_path: Path) -> None:
    """The reason is written for the case's facts: a consumer is no 特约商户 (the export's
    voice check refuses it, saying why)."""
    from workbench.errors import WorkbenchError

    case = new_case(wb)
    assert case.id is not None
    acceptance.refuse(wb, case.id, case.version, "outside_competence",
                      reason="投诉事项系收单机构对特约商户结算资金的处理")
    with pytest.raises(WorkbenchError, match="不是特约商户"):
        filings.export(wb, case.id, FilingKind.REFUSAL_NOTICE, tmp_path)


def test_a_refusal_for_an_impostor_sends_to_the_police_not_the_regulator(
        wb: Workbench, tmp_path: Path) -> None:
    """Money taken by someone posing as bank staff: the remedy is the police (the ground's
    own advice, grounds.toml), never the named institution's regulator (review round 6 T3)."""
    from workbench.services.law import demo_law_path

    wb.law = load_register(demo_law_path())
    case = new_case(wb)
    assert case.id is not None
    acceptance.refuse(wb, case.id, case.version, "impostor",
                      reason="向你收费的人员冒充银行客服，并非为你提供支付服务的机构")
    text = text_of(filings.export(wb, case.id, FilingKind.REFUSAL_NOTICE, tmp_path).path)
    assert "如涉嫌诈骗，可以向公安机关报案。" in text
    assert "监督管理部门" not in text and "人民银行" not in text
    rule = wb.law.get("assoc.refusal.outside_competence", TODAY)
    assert f"依据{rule.citation}的规定，本会决定不予受理" in text
