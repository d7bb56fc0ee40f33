# ruff: noqa: F811  (pytest fixtures imported from test_mediation are parameters here)
"""The mediation's papers: the agreement's terms and numbers, the outcome note against the
agreement, the papers offered by who mediates, an unreachable complainant (split from
test_mediation.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import new_case
from tests.test_mediation import _docx_text, in_mediation, people  # noqa: F401
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.errors import RuleViolation
from workbench.filings.style import demo_style_path
from workbench.services import cases, escalation, mediation
from workbench.services.context import Workbench


def _agreed(people: Workbench, tmp_path: Path, demands: list[dict[str, object]],
            recovered: int, terms: str | None = None) -> str:
    """The text of the agreement of a case with `demands`, recovered `recovered`, on the
    terms the draft writes (or `terms`)."""
    from workbench.services import filings

    case = in_mediation(people)
    updated = cases.edit_case(people, case.id, case.version, {"demands": demands})
    mediation.record_agreement(people, case.id, updated.version,
                               terms or mediation.draft_terms(demands, recovered), recovered,
                               perform_by=date(2026, 12, 10))
    return _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)


def test_compensation_is_paid_in_its_own_term_never_returned(people: Workbench,
                                                             tmp_path: Path) -> None:
    text = _agreed(people, tmp_path, [
        {"text": "立即停止跳码，恢复真实商户信息", "amount_fen": 0},
        {"text": "赔偿因降额及积分损失造成的损失280元", "amount_fen": 28000}], 20440)
    assert ("2. 被投诉人于2026年12月10日前向投诉人赔偿因降额及积分损失造成的损失人民币204.40元"
            "（大写：贰佰零肆元肆角整），转账至投诉人书面指定的银行账户（户名：张三）。") in text
    assert "3. 投诉人自愿放弃本协议约定款项以外的其他金钱请求。" in text
    for wrong in ("原路退回", "上述款项", "以上金额合计", "同意部分赔偿"):
        assert wrong not in text, wrong


def test_each_refund_takes_its_claim_when_all_came_back(people: Workbench,
                                                        tmp_path: Path) -> None:
    text = _agreed(people, tmp_path, [
        {"text": "退还已扣收的流量卡年费138元", "amount_fen": 13800},
        {"text": "退还押金310元", "amount_fen": 31000}], 44800)
    assert ("1. 被投诉人于2026年12月10日前向投诉人退还已扣收的流量卡年费人民币138.00元"
            "（大写：壹佰叁拾捌元整），原路退回。") in text
    assert "2. 被投诉人于2026年12月10日前向投诉人退还押金人民币310.00元" in text
    assert "以上金额合计人民币448.00元" in text  # two claims: their total, in the request
    assert text.count("448.00元") == 1


def test_several_refunds_in_part_are_paid_by_one_term_that_names_them(
        people: Workbench, tmp_path: Path) -> None:
    text = _agreed(people, tmp_path, [
        {"text": "退还已扣收的流量卡年费138元", "amount_fen": 13800},
        {"text": "退还押金310元", "amount_fen": 31000}], 30000)
    assert "1. 被投诉人同意部分退还已扣收的流量卡年费。" in text
    assert ("3. 被投诉人于2026年12月10日前向投诉人支付上述第1、2项款项合计人民币300.00元"
            "（大写：叁佰元整），原路退回。") in text


def test_money_with_no_term_granting_it_gets_a_term_of_its_own(people: Workbench,
                                                                tmp_path: Path) -> None:
    text = _agreed(people, tmp_path, [{"text": "退还多收手续费", "amount_fen": 12345}], 10000,
                   terms="双方同意以和解方式解决本纠纷。")
    assert ("2. 被投诉人于2026年12月10日前向投诉人支付人民币100.00元（大写：壹佰元整），"
            "转账至投诉人书面指定的银行账户（户名：张三）。") in text
    assert "原路退回" not in text


# --- the outcome note agrees with the agreement (pre-flight warnings) ---------------------

AGREED_TERMS = ("被投诉人同意停止跳码，恢复真实商户信息。\n"
                "被投诉人同意部分赔偿因降额及积分损失造成的损失。")


def _warnings(kind: str = "closing_report", **changes: object) -> list[str]:
    from tests.test_filings import sample
    from workbench.filings.documents import Demand, FilingKind
    from workbench.services import preflight

    values: dict[str, object] = dict(
        agreement_terms=AGREED_TERMS, recovered_fen=20440, outcome="partially_resolved",
        demands=[Demand("立即停止跳码，恢复真实商户信息"),
                 Demand("赔偿因降额及积分损失造成的损失", 28000)],
        closing_reason="达成调解协议", contacts=[], evidence=[])
    values.update(changes)
    found = preflight.before(FilingKind(kind), sample(**values), bases=[]).warnings
    return [w for w in found if "结案说明" in w or "调解阶段" in w]


def test_an_outcome_note_that_agrees_with_the_agreement_passes() -> None:
    for note in ("达成调解协议", "经调解，双方签署调解协议，服务商同意部分请求",
                 "双方签署调解协议，服务商同意赔偿204.40元"):
        assert _warnings(closing_reason=note) == [], note


@pytest.mark.parametrize(("note", "said"), [
    ("调解成功，双方签署调解协议并已履行", "已履行"),       # signed today, performed today?
    ("服务商同意退还押金，其余请求未获支持", "押金"),       # no deposit in the terms
    ("服务商已全额退还，投诉人表示满意", "全额"),           # 204.40 of 280
    ("双方签署调解协议，服务商同意赔偿300元", "300元"),      # not the agreed sum
])
def test_an_outcome_note_the_agreement_does_not_bear_out_is_warned(note: str,
                                                                  said: str) -> None:
    for kind in ("closing_report", "mediation_agreement"):
        found = _warnings(kind, closing_reason=note)
        assert found and any(said in w for w in found), (kind, found)


def test_a_performance_recorded_after_the_signing_may_be_said() -> None:
    note = "调解成功，双方签署调解协议并已履行"
    assert _warnings(closing_reason=note, recovered_fen=28000, revisit="回访：投诉人表示满意")
    for revisit in ("回访：投诉人确认款项已到账", "回访：投诉人确认被投诉人已履行调解协议"):
        assert not _warnings(closing_reason=note, recovered_fen=28000, revisit=revisit)


def test_a_regulator_is_never_a_mediation_counterpart() -> None:
    from workbench.filings.documents import ContactEntry

    wrong = ContactEntry(date(2026, 10, 8), "phone", "杭州市市场监督管理局", "", "通知双方到会调解",
                         "mediation")
    right = wrong._replace(counterpart="某某支付有限公司")
    found = _warnings(contacts=[wrong, right])
    assert len(found) == 1 and "杭州市市场监督管理局" in found[0]


def test_the_demo_writes_no_outcome_note_or_counterpart_the_pre_flight_warns(
        wb: Workbench) -> None:
    from tests.conftest import TODAY
    from workbench.demo import generate_demo
    from workbench.services import filings
    from workbench.store.models import Case as CaseRow
    from workbench.store.models import Contact

    generate_demo(wb.store, cases=300, seed=7, actor="alice", clock=FrozenClock.on(TODAY))
    with wb.store.session() as session:
        ended = session.execute(select(CaseRow.id, CaseRow.mediation_result,
                                       CaseRow.termination_ground)
                                .where(CaseRow.mediation_result != "")).all()
        counterparts = session.execute(select(Contact.counterpart).where(
            Contact.counterpart_stage == "mediation")).scalars().all()
    regulators = ("市场监督管理局", "人民银行", "金融监督管理")
    assert counterparts and not [c for c in counterparts if any(r in c for r in regulators)]
    agreed = [case_id for case_id, result, _ in ended if result == "agreed"]
    assert agreed
    for case_id in agreed:
        for kind in ("closing_report", "mediation_agreement"):
            found = filings.check_export(wb, case_id, kind).warnings
            assert not [w for w in found if "结案说明" in w or "调解阶段" in w], (case_id, found)
    grounds = {ground for _, result, ground in ended if result == "terminated"}
    assert grounds <= {"withdrawn", "unreachable", "no_agreement"}


# --- the agreements' own number series (styles/filings.toml) -------------------------------

def test_agreements_are_numbered_in_their_own_series(people: Workbench,
                                                     tmp_path: Path) -> None:
    from workbench.services import filings
    from workbench.services.register import register

    numbers = []
    for _ in range(2):
        case = in_mediation(people)
        mediation.record_agreement(people, case.id, case.version, "被投诉人同意退还多收手续费。",
                                   12345, perform_by=date(2026, 12, 10))
        numbers.append(filings.export(people, case.id, "mediation_agreement", tmp_path).doc_no)
    other = in_mediation(people)
    mediation.terminate(people, other.id, other.version, "no_agreement")
    notice = filings.export(people, other.id, "termination_notice", tmp_path).doc_no
    assert numbers == ["示消协调〔2026〕1号", "示消协调〔2026〕2号"]
    assert notice == "示消协函〔2026〕1号"  # the 函 series is not used by the agreements
    book = register(people, 2026, style_file=demo_style_path())
    assert [r.doc_no for r in book.rows] == [notice] and not book.warning


def test_a_sample_agreement_series_holds_the_agreement_back(people: Workbench,
                                                            tmp_path: Path) -> None:
    from workbench.services import filings

    house = tmp_path / "house.toml"
    house.write_text('[letterhead]\nname = "甲市消费者协会"\naddress = "甲市乙路2号"\n'
                     'phone = "0571-1234567"\nsignatory = "王五"\n'
                     'doc_number_template = "甲消协函〔{year}〕{n}号"\n', encoding="utf-8")
    case = in_mediation(people)
    mediation.record_agreement(people, case.id, case.version, "被投诉人同意退还多收手续费。",
                               12345, perform_by=date(2026, 12, 10))
    with pytest.raises(filings.ExportBlocked, match="agreement_number_template"):
        filings.export(people, case.id, "mediation_agreement", tmp_path, style_file=house)


# --- no parallel filing (acceptance.toml [[bar]]; review round 3 §4, top fix 8) ----------

def test_kinds_offered_by_who_mediates() -> None:
    """While the association mediates itself, no 消费者投诉书 to 市场监管 (令第121号
    第十六条第（二）项: a 消协 has accepted the dispute); while the bureau has delegated
    the mediation to it, no 调解申请书 to the association; never a 投诉书 for a business
    dispute."""
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    complaint, application = FilingKind.CONSUMER_COMPLAINT, FilingKind.MEDIATION_APPLICATION
    own = filings.kinds_for("mediation", "accepted", mediator="association", scope="consumer")
    assert application in own and complaint not in own
    delegated = filings.kinds_for("mediation", "accepted", mediator="delegated",
                                  scope="consumer")
    assert complaint in delegated and application not in delegated
    assert complaint not in filings.kinds_for("mediation", "accepted", mediator="delegated",
                                              scope="business")


def test_the_preflight_agrees_with_the_kinds_offered(people: Workbench, tmp_path: Path) -> None:
    from tests.factories import evidence
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    case = in_mediation(people)
    evidence(people, case.id, tmp_path / "files")
    bureau = "甲市乙区市场监督管理局"
    for mediator, barred in (("association", FilingKind.CONSUMER_COMPLAINT),
                             ("delegated", FilingKind.MEDIATION_APPLICATION)):
        now = cases.get_case(people, case.id)
        mediation.set_mediator(people, case.id, now.version, mediator)
        offered = filings.offered_for(cases.get_case(people, case.id))
        assert barred not in offered
        for kind in (FilingKind.CONSUMER_COMPLAINT, FilingKind.MEDIATION_APPLICATION):
            checked = filings.check_export(people, case.id, kind, addressee=bureau if kind
                                           is FilingKind.CONSUMER_COMPLAINT else None)
            bars = [b for b in checked.blockers if b.startswith("不宜出具")]
            assert bool(bars) is (kind is barred), (mediator, kind, checked.blockers)
        with pytest.raises(RuleViolation, match="不能出具"):
            filings.export(people, case.id, barred, tmp_path, addressee=bureau)
    # the association's own mediation: the bar names the rule the bureau would refuse under
    mediation.set_mediator(people, case.id, cases.get_case(people, case.id).version,
                           "association")
    blockers = filings.check_export(people, case.id, FilingKind.CONSUMER_COMPLAINT,
                                    addressee=bureau).blockers
    assert any("消费者协会已经受理" in b and "第十六条第（二）项" in b for b in blockers)


def test_a_mediation_ended_as_unreachable_cites_the_termination_rule_and_the_report_agrees(
        people: Workbench, tmp_path: Path) -> None:
    """The association's own termination rule (the demo 章程 第十条) is the notice's
    basis, not the rule it accepted the case on; the ground's advice is printed; and the
    closing report states the ground the notice told the parties, not a withdrawal."""
    from workbench.domain.ladder import Outcome
    from workbench.domain.law import load_register as register_with
    from workbench.services import acceptance, filings
    from workbench.services.contacts import ContactDraft, log_contact
    from workbench.services.law import demo_law_path

    people.law = register_with(demo_law_path())
    case = new_case(people)
    case = cases.set_scope(people, case.id, case.version, "business", "个体工商户经营使用POS机")
    acceptance.accept(people, case.id, case.version)
    log_contact(people, case.id, cases.get_case(people, case.id).version, ContactDraft(
        channel="phone", counterpart="服务商客服", summary="转达投诉，要求退还多收的手续费"))
    escalation.record_bodies(people, case.id, cases.get_case(people, case.id).version,
                             [Body.NONE])
    escalation.escalate(people, case.id, cases.get_case(people, case.id).version,
                        Stage.MEDIATION, reason="服务商拒绝处理, 申请消协调解")
    end = mediation.terminate(people, case.id, cases.get_case(people, case.id).version,
                              "unreachable")
    escalation.escalate(people, case.id, end.version, Stage.CLOSED,
                        reason="投诉人多次联系不上，视为撤回", outcome=Outcome.WITHDRAWN)
    notice = _docx_text(filings.export(people, case.id, "termination_notice", tmp_path).path)
    rule = people.law.get("assoc.termination.unreachable", people.today())
    accepted_on = people.law.get("assoc.business_disputes", people.today())
    assert f"{rule.citation}：" in notice and "无法与投诉人取得联系的。" in notice
    assert accepted_on.citation not in notice and "请求本会调解的" not in notice
    assert "投诉人恢复联系后，可以重新提出投诉。" in notice
    report = _docx_text(filings.export(people, case.id, "closing_report", tmp_path).path)
    assert "结案结果：终止调解（经多次联系，无法与投诉人取得联系）。" in report
    assert "本会已终止调解（经多次联系，无法与投诉人取得联系）" in report
    assert "撤回" not in report


def test_a_payment_to_an_account_not_on_file_leaves_no_blank_to_fill() -> None:
    """Review rounds 6–7: an empty 账号 blank wrapped and left "）。" alone on its line; the
    term names the account the complainant designates in writing instead."""
    from workbench.filings.endings import endings

    term = str(endings()["agreement"]["to_named_account"])
    assert "书面指定" in term and "账号" not in term and "\u3000" not in term


