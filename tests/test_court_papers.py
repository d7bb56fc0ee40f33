"""The court papers and the internal report, read back: the 民事起诉状 after the SPC
template in the plaintiff's voice, the 支持起诉意见书, the 结案报告 without letterhead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.factories import new_case
from tests.test_export import at_stage, text_of
from tests.test_filings import evidence_table, full_text, read_back, sample, texts
from workbench.domain.law import load_register
from workbench.errors import RuleViolation
from workbench.filings.documents import Complainant, EvidenceItem, FilingKind, Provider
from workbench.filings.layout import wording
from workbench.services import filings, litigation, preflight
from workbench.services.context import Workbench
from workbench.services.filing_data import bases as case_bases
from workbench.store.models import Case

REGISTER = load_register()
BRANCH = Provider("某某信息科技有限公司第三分公司", "91110000MA01ABCDE1", "北京市朝阳区某某路1号",
                  "某某支付有限公司", "唐娜")
HEAD = Provider("某某信息科技有限公司", "91110000MA01ABCDF0", "北京市海淀区某某路9号", "",
                "王五")


def basis(*ids: str) -> list[tuple[str, str, str, str]]:
    return [("类别", REGISTER.get(i).citation, wording(REGISTER.get(i)), i) for i in ids]


def pleading_text(tmp_path: Path, kind: FilingKind = FilingKind.CIVIL_COMPLAINT,
                  **changes: object) -> tuple[str, list[str]]:
    document, _ = read_back(kind, tmp_path, sample(doc_no="", **changes))
    return full_text(document), texts(document)


def test_civil_complaint_has_the_sections_of_the_court_template(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.CIVIL_COMPLAINT, tmp_path, sample(doc_no=""))
    text = full_text(document)
    lines = texts(document)
    for needle in ("民事起诉状", "当事人", "原告：张三", "公民身份号码：110***********1234",
                   "委托诉讼代理人：有□  无☑", "被告：某某支付有限公司",
                   "统一社会信用代码：91110000MA01ABCDE1", "法定代表人：李四", "诉讼请求",
                   "1. 判令被告退还多收取的手续费，计人民币12,345.67元", "判令被告承担本案诉讼费用",
                   "标的总额：人民币12,444.67元（大写：壹万贰仟肆佰肆拾肆元陆角柒分）",
                   "约定管辖和诉讼保全", "诉前保全", "事实与理由", "（一）合同签订情况",
                   "（二）合同履行情况", "（三）违约或侵权事实", "（四）请求依据", "证据清单",
                   "对纠纷解决方式的意愿", "先行调解", "具状人：张三便利店（经营者张三）",
                   "2026年11月26日", "附：本状副本1份；证据2份共3页。",
                   "民法典》第五百七十七条"):
        assert needle in text, needle
    assert lines.index("此致") + 1 == lines.index("某某市某某区人民法院")
    assert lines.index("此致") < lines.index("具状人：张三便利店（经营者张三）")
    for wrong in ("投诉人", "本会", "组织调解"):  # the plaintiff speaks, to a court
        assert wrong not in text, wrong
    assert "某某市消费者协会" not in lines  # the plaintiff's pleading, not a letter of ours
    evidence_table(document)


def test_support_opinion_cites_the_consumer_law(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.SUPPORT_OPINION, tmp_path)
    text = full_text(document)
    assert "某某市某某区人民法院：" in texts(document)
    assert "第三十七条第一款第（七）项" in text
    assert "请贵院依法受理" in text


def test_closing_report_states_the_outcome(tmp_path: Path) -> None:
    document, _ = read_back(FilingKind.CLOSING_REPORT, tmp_path, sample(stage="closed"))
    text = full_text(document)
    assert "结案结果：已解决。" in text
    assert "挽回经济损失人民币12,435.67元（大写：壹万贰仟肆佰叁拾伍元陆角柒分）" in text
    assert "结案前所处阶段：调解。" in text and "加倍赔偿：无" in text
    assert "为投诉人挽回经济损失人民币12,435.67元" in text and "建议结案归档" in text
    assert "结案后未记录回访。" in text
    assert "某消协函" not in text and "某某市消费者协会" not in texts(document)[:2]


def test_closing_report_of_a_refused_case_says_so_in_a_sentence(tmp_path: Path) -> None:
    data = sample(stage="closed", outcome="rejected", recovered_fen=None,
                  received_on=date(2026, 11, 20), decided_on=date(2026, 11, 24),
                  closed_on=date(2026, 11, 24))
    text = full_text(read_back(FilingKind.CLOSING_REPORT, tmp_path, data)[0])
    assert "结案结果：不予受理。" in text and "驳回" not in text
    assert "不予受理日期：2026年11月24日" in text and "受理日期：2026年11月24日" not in \
        text.replace("不予受理日期", "")
    assert "为投诉人挽回经济损失：无；加倍赔偿：无。" in text
    assert "本案不予受理" in text and "已办结" not in text


def test_closing_report_of_a_referred_case_names_the_body(tmp_path: Path) -> None:
    data = sample(stage="closed", outcome="referred", recovered_fen=None,
                  closing_reason="已转交人民银行分支机构处理",
                  revisit="2026年12月1日，回访投诉人，投诉人表示已收到人民银行答复")
    text = full_text(read_back(FilingKind.CLOSING_REPORT, tmp_path, data)[0])
    assert "结案结果：已转交人民银行分支机构处理。" in text
    assert "本案已转交人民银行分支机构处理。建议结案归档，并关注其处理结果。" in text
    assert "转交其他机构处理" not in text  # the body is named, once, as recorded
    assert "2026年12月1日，回访投诉人，投诉人表示已收到人民银行答复。" in text
    assert "未回访" not in text


@pytest.mark.parametrize("reason, outcome, advice", [
    ("已告知投诉人向法院起诉", "结案结果：已告知投诉人向法院起诉。",
     "本会已告知投诉人向法院起诉。建议结案归档。"),
    ("案情复杂", "结案结果：转交其他机构处理（案情复杂）。",
     "本案已转交其他机构处理（案情复杂）。建议结案归档，并关注其处理结果。"),
    ("", "结案结果：转交其他机构处理。",
     "本案已转交其他机构处理。建议结案归档，并关注其处理结果。"),
])
def test_a_referred_case_reports_the_one_outcome_recorded(tmp_path: Path, reason: str,
                                                          outcome: str, advice: str) -> None:
    """Review round 4 §13.2: a complainant told to go to court was not 转交 to anyone;
    the report states what was recorded, never both."""
    data = sample(stage="closed", outcome="referred", recovered_fen=None,
                  closing_reason=reason)
    text = full_text(read_back(FilingKind.CLOSING_REPORT, tmp_path, data)[0])
    assert outcome in text and advice in text
    if "法院" in reason:
        assert "转交" not in text


# -- review round 2 §9, §10: the basis pleaded, the parties named ------------------------

def test_the_pleading_rests_on_private_law_and_never_on_a_payment_rule(tmp_path: Path) -> None:
    text, lines = pleading_text(tmp_path, bases=basis("nbpay.art34", "cpl.art26",
                                                      "civil_code.art509"))
    [claim] = [line for line in lines if line.startswith("请求依据：")]
    assert claim.startswith("请求依据：《中华人民共和国民法典》第五百零九条、第五百七十七条；"
                            "《中华人民共和国消费者权益保护法》第二十六条")
    assert "非银行支付机构" not in text  # neither in the 请求依据 nor quoted under (四)
    quoted = [line for line in lines if line.endswith("。”") and "规定：“" in line]
    assert quoted[0].startswith("《中华人民共和国民法典》第五百零九条规定")


def test_the_support_opinion_vouches_only_for_the_bases_pleaded(tmp_path: Path) -> None:
    text, lines = pleading_text(tmp_path, FilingKind.SUPPORT_OPINION,
                                bases=basis("nbpay.art34", "civil_code.art509"))
    assert "非银行支付机构" not in text
    [closing] = [line for line in lines if line.startswith("综上")]
    assert "《中华人民共和国民法典》第五百零九条、第五百七十七条" in closing
    assert "有事实和法律依据" in closing


def test_a_branch_is_sued_with_its_head_company(tmp_path: Path) -> None:
    text, lines = pleading_text(tmp_path, provider=BRANCH, head_office=HEAD)
    assert "被告一：某某信息科技有限公司第三分公司，住所地：北京市朝阳区某某路1号，" \
           "负责人：唐娜" in text
    assert "被告二：某某信息科技有限公司，住所地：北京市海淀区某某路9号，法定代表人：王五，" \
           "统一社会信用代码：91110000MA01ABCDF0" in text
    assert "1. 判令被告一退还多收取的手续费，计人民币12,345.67元" in text
    assert "判令被告二对被告一的上述债务承担清偿责任" in text
    assert "判令二被告承担本案诉讼费用" in text
    assert "附：本状副本2份" in text  # a copy for each defendant
    [claim] = [line for line in lines if line.startswith("请求依据：")]
    assert "第七十四条" in claim
    opinion, _ = pleading_text(tmp_path / "o", FilingKind.SUPPORT_OPINION, provider=BRANCH,
                               head_office=HEAD)
    assert "被告一：某某信息科技有限公司第三分公司" in opinion
    assert "被告二：某某信息科技有限公司" in opinion
    assert "诉被告某某信息科技有限公司第三分公司、某某信息科技有限公司服务合同纠纷一案" in opinion


@pytest.mark.parametrize("kind", [FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION])
def test_a_branch_without_its_head_company_registered_is_blocked(kind: FilingKind) -> None:
    data = sample(provider=BRANCH)
    found = preflight.before(kind, data, bases=[])
    assert any("某某信息科技有限公司" in b and "workbench provider set 某某信息科技有限公司 --new"
               in b for b in found.blockers), found.blockers
    assert not [b for b in preflight.before(kind, sample(provider=BRANCH, head_office=HEAD),
                                            bases=[]).blockers if "总公司" in b]


def test_a_shops_facts_speak_of_the_shop_as_the_plaintiff(tmp_path: Path) -> None:
    """Review round 6 T2: the 原告 is the 个体工商户, never its 经营者 as the party."""
    facts = ("投诉人张三系张三便利店（商户编号898110012345678）经营者。"
             "2025年3月，投诉人办理了POS机。")
    signed = facts.replace("投诉人", "原告")
    for kind in (FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION):
        text, _ = pleading_text(tmp_path / kind.value, kind,
                                narrative=facts + "\n\n2026年9月起，服务商擅自上调费率。",
                                contract_facts=signed)
        assert "原告张三便利店（个体工商户，商户编号898110012345678）的经营者为张三。" in text
        assert "原告张三系" not in text, kind
        assert text.count("的经营者为张三") == 1, kind  # the facts once, not twice
    letter = full_text(read_back(FilingKind.COMPLAINT_LETTER_PROVIDER, tmp_path / "l",
                                 sample(narrative=facts))[0])
    assert "系张某便利店（商户编号898110012345678）经营者。" in letter  # a letter: as told


def test_a_shop_under_its_trade_name_prints_its_code_and_premises(tmp_path: Path) -> None:
    shop = Complainant("张三", "merchant", "110***********1234", "138****5678",
                       "某某市某某区幸福路8号", "张三便利店", "898110012345678",
                       uscc="92110105MA01XYZ123", business_place="某某市某某区商业街3号")
    text, lines = pleading_text(tmp_path, complainant=shop)
    assert "原告：张三便利店（个体工商户），统一社会信用代码：92110105MA01XYZ123，" \
           "经营场所：某某市某某区商业街3号。" in text
    assert "具状人：张三便利店（经营者张三）" in lines
    bare, _ = pleading_text(tmp_path / "b")
    assert "统一社会信用代码：9211" not in bare  # none stored, none invented
    assert "原告：张三便利店（个体工商户），经营场所：某某市某某区幸福路8号。" in bare
    # review round 4: the opinion names the shop's code too (the demo records one)
    opinion, _ = pleading_text(tmp_path / "o", FilingKind.SUPPORT_OPINION)
    assert "原告：张三便利店（个体工商户，经营者张三）。" in opinion
    coded, _ = pleading_text(tmp_path / "c", FilingKind.SUPPORT_OPINION, complainant=shop)
    assert "原告：张三便利店（个体工商户，经营者张三），统一社会信用代码：92110105MA01XYZ123。" \
        in coded


def test_the_plaintiff_lists_its_evidence_in_its_own_voice(tmp_path: Path) -> None:
    evidence = [EvidenceItem("POS机办理协议", "投诉人提供", "约定费率0.38%", 3, True),
                EvidenceItem("客服对话截图", "经办人调取", "客服推诿", 2, False),
                EvidenceItem("扣费通知", "服务商提供", "扣收年费", 1, False)]
    document, _ = read_back(FilingKind.CIVIL_COMPLAINT, tmp_path,
                            sample(doc_no="", evidence=evidence))
    table = evidence_table(document)
    assert [row.cells[2].text for row in table.rows[1:]] == ["原告提供"] * 3
    assert "经办人" not in full_text(document)


def test_a_recorded_clause_is_quoted_in_the_facts(tmp_path: Path) -> None:
    clause = "《POS机服务协议》第8条：“乙方每年须缴纳流量服务费99元”"
    _, lines = pleading_text(tmp_path, contract_clause=clause)
    assert sum(clause in line for line in lines) == 1
    at = next(i for i, line in enumerate(lines) if clause in line)
    assert lines.index("（一）合同签订情况") < at < lines.index("（二）合同履行情况")
    letter, _ = pleading_text(tmp_path / "l", FilingKind.COMPLAINT_LETTER_PROVIDER,
                              contract_clause=clause)
    assert clause in letter


def test_a_hedge_about_who_settled_is_refused_in_a_pleading(tmp_path: Path) -> None:
    from workbench.filings.voice import check

    problems = check("civil_complaint", ["被告（或其收单机构）按约为原告结算交易款项。"],
                     addressee="court", merchant=True)
    assert problems


def test_the_clause_is_recorded_and_drives_the_bases(wb: Workbench, tmp_path: Path) -> None:
    from workbench.domain.categories import Category
    from workbench.services import cases

    case = new_case(wb)
    cases.edit_case(wb, case.id, case.version, {"categories": [Category.SIM_FEES]})
    with wb.store.session() as session:
        row = session.get(Case, case.id)
        assert row is not None
        before = [b[3] for b in case_bases(wb, row, wb.today())]
    assert "civil_code.art496" not in before and "civil_code.art985.main" in before
    with wb.store.session() as session:
        version = session.get(Case, case.id).version
    with pytest.raises(RuleViolation, match="非法字符"):
        litigation.set_litigation(wb, case.id, version, {"clause": "第8条\x1b[2J"})
    view = litigation.set_litigation(wb, case.id, version,
                                     {"clause": "《POS机服务协议》第8条：流量服务费99元/年"})
    assert ("涉案合同条款", "《POS机服务协议》第8条：流量服务费99元/年") in view.lines
    with wb.store.session() as session:
        row = session.get(Case, case.id)
        assert row is not None
        after = [b[3] for b in case_bases(wb, row, wb.today())]
    assert "civil_code.art496" in after and "civil_code.art985.main" not in after
    at_stage(wb, case.id, "provider")
    letter = filings.export(wb, case.id, "complaint_letter_provider", tmp_path)
    assert "《POS机服务协议》第8条：流量服务费99元/年" in text_of(letter.path)


def test_cli_records_the_clause(sqlite_url: str) -> None:
    from tests.conftest import open_test_store
    from workbench.cli import app
    from workbench.services import cases

    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice")
    cases.ensure_caseworker(wb, "alice", role="supervisor")  # registry data
    case = new_case(wb)
    store.dispose()
    runner, env = CliRunner(), {"WORKBENCH_USER": "alice"}
    done = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref, "--clause",
                               "《POS机服务协议》第8条：……", "--merchant-uscc",
                               "91110000MA01ABCDEX", "--business-place", "北京市朝阳区商业街3号"],
                         env=env)
    assert done.exit_code == 0, done.output
    assert "涉案合同条款：《POS机服务协议》第8条：……" in done.output
    assert "经营场所：北京市朝阳区商业街3号" in done.output
    bad = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref, "--merchant-uscc",
                              "123"], env=env)
    assert bad.exit_code != 0
    made = runner.invoke(app, ["--db", sqlite_url, "provider", "set", "某某信息科技有限公司",
                               "--new", "--uscc", "91110000MA01ABCDEX", "--address",
                               "北京市海淀区某某路9号", "--legal-representative", "王五"], env=env)
    assert made.exit_code == 0, made.output
    missing = runner.invoke(app, ["--db", sqlite_url, "provider", "set", "没有的公司",
                                  "--address", "x"], env=env)
    assert missing.exit_code != 0 and "--new" in missing.output


def test_the_pleading_names_the_provider_as_its_party(tmp_path: Path) -> None:
    """Review round 3: "原告认为服务商侵害了其合法权益" — the pleading's party is 被告."""
    text, _ = pleading_text(tmp_path, narrative="投诉人认为服务商侵害了其合法权益。")
    assert "原告认为被告侵害了其合法权益" in text and "服务商侵害" not in text


def test_the_courts_evidence_list_agrees_with_the_pleading(tmp_path: Path) -> None:
    """Review round 3: the pleading said 原告提供, the court's list 消费者协会调取, and the
    list named one 被告 where the pleading sues two."""
    from workbench.filings.documents import EvidenceItem

    items = [EvidenceItem("扣费短信截图", "消费者协会调取", "扣收流量卡年费", 1, False, "")]
    document, _ = read_back(FilingKind.EVIDENCE_LIST, tmp_path,
                            sample(stage="legal", provider=BRANCH, head_office=HEAD,
                                   evidence=items))
    lines = texts(document)
    assert "被告一：某某信息科技有限公司第三分公司" in lines
    assert "被告二：某某信息科技有限公司" in lines
    assert "消费者协会调取" not in full_text(document) and "原告提供" in full_text(document)


def test_the_support_opinion_lists_the_evidence_as_the_plaintiffs(tmp_path: Path) -> None:
    """Review round 4: the opinion's list said 消费者协会调取 where the pleading says 原告提供."""
    from workbench.filings.documents import EvidenceItem

    items = [EvidenceItem("扣费短信截图", "消费者协会调取", "扣收流量卡年费", 1, False, "")]
    text, _ = pleading_text(tmp_path, FilingKind.SUPPORT_OPINION, stage="legal", evidence=items)
    assert "消费者协会调取" not in text and "原告提供" in text


@pytest.mark.parametrize("kind", [FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION,
                                  FilingKind.EVIDENCE_LIST])
def test_what_the_evidence_proves_names_the_defendant(tmp_path: Path, kind: FilingKind) -> None:
    """Review round 3: "服务商告知书未提及流量卡年费" in 证明对象 of every court paper —
    a court paper names the provider as 被告 (voice.toml them_for), the table too."""
    items = [EvidenceItem("费率告知书", "服务商提供", "服务商告知书未提及流量卡年费", 1, True, "")]
    document, _ = read_back(kind, tmp_path, sample(doc_no="", stage="legal", evidence=items))
    text = "\n".join(preflight.document_text(document))
    assert "被告告知书未提及流量卡年费" in text and "服务商告知书" not in text


def test_the_binder_names_the_defendant_in_what_an_item_proves() -> None:
    from workbench.filings.binder import BinderItem
    from workbench.filings.papers import court_items

    item = BinderItem(1, "费率告知书", "", "text/plain", None, "服务商提供",
                      "服务商告知书未提及流量卡年费", "")
    (voiced,) = court_items(sample(stage="legal"), [item])
    assert voiced.proves == "被告告知书未提及流量卡年费" and voiced.source == "原告提供"


# --- review round 4, smaller template items -------------------------------------------------

def test_the_applicant_signs_by_hand_and_lists_only_its_own_evidence(tmp_path: Path) -> None:
    evidence = [EvidenceItem("POS机办理协议", "投诉人提供", "约定费率0.38%", 3, True),
                EvidenceItem("6月交易明细", "消费者协会调取", "实际费率0.6%", 2, False)]
    for kind in (FilingKind.MEDIATION_APPLICATION, FilingKind.EVIDENCE_LIST):
        document, _ = read_back(kind, tmp_path, sample(evidence=evidence, stage="mediation"))
        lines = texts(document)
        assert not any("消费者协会调取" in line or "6月交易明细" in line for line in lines), kind
        assert "POS机办理协议" in lines
        signs = [line for line in lines if "（签名）：" in line]
        assert signs and all("张三" not in line for line in signs), signs


def test_the_category_labels_stay_out_of_the_running_text(tmp_path: Path) -> None:
    data = sample(categories=("激活返现未兑现", "押金/激活费/服务费"), stage="mediation")
    document, _ = read_back(FilingKind.MEDIATION_APPLICATION, tmp_path, data)
    text = full_text(document)
    assert "押金、激活费、服务费争议" not in text
    assert "投诉事项涉及POS机激活返现、押金收费争议。" in text


def test_no_terminal_number_in_a_party_block(tmp_path: Path) -> None:
    for kind in (FilingKind.MEDIATION_APPLICATION, FilingKind.COMPLAINT_LETTER_PROVIDER):
        document, _ = read_back(kind, tmp_path, sample(terminal_sn="MBT4410235221"))
        assert not any(line.startswith(("投诉人：", "申请人：")) and "机具编号" in line
                       for line in texts(document)), kind


def test_the_contacts_name_the_branch_among_two_defendants(tmp_path: Path) -> None:
    text, _ = pleading_text(tmp_path, provider=BRANCH, head_office=HEAD)
    assert "与被告一联系协调" in text and "与被告联系协调" not in text
    single, _ = pleading_text(tmp_path / "s")
    assert "与被告联系协调" in single


def test_judicial_confirmation_is_no_liability_for_breach(tmp_path: Path) -> None:
    data = sample(stage="mediation", perform_by=date(2026, 12, 20),
                  agreement_terms="被投诉人退还多收取的手续费")
    lines = texts(read_back(FilingKind.MEDIATION_AGREEMENT, tmp_path, data)[0])
    breach = lines.index(next(line for line in lines if line.endswith("、违约责任")))
    confirm = next(i for i, line in enumerate(lines) if line.endswith("、司法确认"))
    assert confirm > breach
    assert not any("司法确认" in line for line in lines[breach + 1:confirm])
    assert "司法确认" in lines[confirm + 1]


def test_money_is_recovered_only_after_the_term_to_pay_it(tmp_path: Path) -> None:
    due = sample(outcome="resolved", recovered_fen=20440, perform_by=date(2026, 12, 20))
    text = full_text(read_back(FilingKind.CLOSING_REPORT, tmp_path, due)[0])
    assert "挽回经济损失" not in text
    assert "调解协议约定被投诉人于2026年12月20日前向投诉人支付人民币204.40元" in text
    past = sample(outcome="resolved", recovered_fen=20440, perform_by=date(2026, 11, 3))
    text = full_text(read_back(FilingKind.CLOSING_REPORT, tmp_path / "p", past)[0])
    assert "为投诉人挽回经济损失人民币204.40元" in text
