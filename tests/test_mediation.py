"""Ending a mediation on SQLite and PostgreSQL: agreements close the case, terminations
cite the register, and the next rung follows the ladder's rules."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import new_case
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.domain.law import load_register
from workbench.domain.law.grounds import load_grounds
from workbench.domain.vocabulary import Mediator
from workbench.errors import RuleViolation
from workbench.filings.style import demo_style_path
from workbench.services import cases, escalation, mediation
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent


@pytest.fixture
def people(wb: Workbench) -> Workbench:
    cases.ensure_caseworker(wb, "alice")
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    return wb


def at(wb: Workbench, day: date, login: str = "alice") -> Workbench:
    return Workbench(store=wb.store, actor=login, rules=wb.rules, clock=FrozenClock.on(day))


def in_mediation(wb: Workbench) -> cases.Case:
    case = new_case(wb)
    escalation.record_bodies(wb, case.id, cases.get_case(wb, case.id).version, [Body.NONE])
    escalation.escalate(wb, case.id, cases.get_case(wb, case.id).version, Stage.MEDIATION,
                        reason="服务商拒绝处理, 申请消协调解")
    return cases.get_case(wb, case.id)


def kinds(wb: Workbench, case_id: int) -> list[CaseEvent]:
    with wb.store.session() as session:
        return list(session.execute(select(CaseEvent).where(CaseEvent.case_id == case_id)
                                    .order_by(CaseEvent.seq)).scalars())


def test_entering_mediation_records_the_association_as_mediator(people: Workbench) -> None:
    case = in_mediation(people)
    assert case.mediator == "association" and case.mediation_result == ""
    end = mediation.set_mediator(people, case.id, case.version, Mediator.DELEGATED)
    assert cases.get_case(people, case.id).mediator == "delegated"
    assert end.stage == "mediation"
    with pytest.raises(RuleViolation, match="调解方式"):
        mediation.set_mediator(people, case.id, end.version, "nobody")


@pytest.mark.parametrize(("recovered", "punitive", "outcome"), [
    (12345, 0, "resolved"),            # all of the amount claimed
    (20000, 5000, "resolved"),         # more than claimed, with 加倍赔偿
    (5000, 0, "partially_resolved"),   # less than claimed
    (0, 0, "partially_resolved"),
])
def test_agreement_closes_with_outcome_and_amounts(people: Workbench, recovered: int,
                                                   punitive: int, outcome: str) -> None:
    case = in_mediation(people)
    assert case.amount_claimed_fen == 12345
    end = mediation.record_agreement(people, case.id, case.version, "被投诉人退还多收手续费",
                                     recovered, punitive, perform_by=date(2026, 12, 10))
    closed = cases.get_case(people, case.id)
    assert (closed.stage, closed.status, closed.outcome) == ("closed", "closed", outcome)
    assert (closed.amount_recovered_fen, closed.punitive_fen) == (recovered, punitive)
    assert closed.mediation_result == "agreed" and closed.perform_by == date(2026, 12, 10)
    assert closed.mediation_terms == "被投诉人退还多收手续费"
    assert end.result_label == "达成调解协议" and end.stage_label == "结案"
    events = kinds(people, case.id)
    assert [e.kind for e in events[-2:]] == ["mediation_agreed", "stage_changed"]
    assert events[-2].payload["punitive_fen"] == punitive
    assert events[-1].payload["outcome"] == outcome


@pytest.mark.parametrize(("terms", "recovered", "punitive", "message"), [
    ("  ", 100, 0, "不能为空"),
    ("退款", -1, 0, "负数"),
    ("退款", 100, -5, "负数"),
    ("退款", 100, 200, "加倍赔偿金额不能超过"),
])
def test_agreement_refuses_bad_input_and_writes_nothing(people: Workbench, terms: str,
                                                        recovered: int, punitive: int,
                                                        message: str) -> None:
    case = in_mediation(people)
    before = len(kinds(people, case.id))
    with pytest.raises(RuleViolation, match=message):
        mediation.record_agreement(people, case.id, case.version, terms, recovered, punitive)
    assert len(kinds(people, case.id)) == before
    assert cases.get_case(people, case.id).stage == "mediation"


def test_agreement_and_termination_only_at_mediation(people: Workbench) -> None:
    case = new_case(people)
    with pytest.raises(RuleViolation, match="不在「消协调解」阶段"):
        mediation.record_agreement(people, case.id, case.version, "退款", 100)
    with pytest.raises(RuleViolation, match="不在「消协调解」阶段"):
        mediation.terminate(people, case.id, case.version, "no_agreement")


# every ground: (code, days after the deadline (None: today), allowed, extra check)
GROUNDS = [
    ("withdrawn", None, True),
    ("settled", None, True),
    ("unreachable", None, True),
    ("respondent_refuses", None, True),
    ("no_agreement", None, True),
    ("testing_disagreement", None, True),
    ("court_or_arbitration", None, True),
    ("time_limit", None, False),   # the deadline has not passed
    ("time_limit", 0, False),      # the deadline day itself still counts
    ("time_limit", 1, True),
]


def test_the_table_covers_every_termination_ground() -> None:
    assert {g[0] for g in GROUNDS} == set(load_grounds().termination)


@pytest.mark.parametrize(("code", "after_due", "allowed"), GROUNDS)
def test_every_termination_ground(people: Workbench, code: str, after_due: int | None,
                                  allowed: bool) -> None:
    case = in_mediation(people)
    wb = people
    if after_due is not None:
        assert case.stage_due_on is not None
        wb = at(people, case.stage_due_on + timedelta(days=after_due))
    choice = {c.code: c for c in mediation.termination_choices(wb, case.id)}[code]
    assert choice.allowed is allowed
    if not allowed:
        with pytest.raises(RuleViolation, match="不能以「调解期限届满"):
            mediation.terminate(wb, case.id, case.version, code)
        assert cases.get_case(wb, case.id).mediation_result == ""
        return
    end = mediation.terminate(wb, case.id, case.version, code, note="双方分歧较大")
    after = cases.get_case(wb, case.id)
    assert (after.stage, after.mediation_result, after.termination_ground) == (
        "mediation", "terminated", code)
    today = wb.today()
    with wb.store.session() as session:
        assert end.notify_by == wb.calendar(session).add_working_days(today, 7).day
    event = kinds(wb, case.id)[-1]
    assert event.kind == "mediation_terminated"
    register = load_register()
    in_force = [i for i in load_grounds().termination_ground(code).cites
                if register.get(i, today).in_force(today)]
    assert event.payload["cites"] == in_force == [c.id for c in end.citations]
    assert event.payload["notify_by"] == end.notify_by.isoformat()  # type: ignore[union-attr]
    assert end.ground_label == load_grounds().termination_ground(code).label
    if code == "court_or_arbitration":
        assert after.held_by == ["court"]
    steps = [s.stage for s in end.next_steps]
    if code in ("withdrawn", "settled", "unreachable"):
        assert Stage.CLOSED in steps and Stage.LEGAL not in steps
    else:
        assert Stage.LEGAL in steps
        assert any(s.offers_support for s in end.next_steps)
        assert (Stage.INDUSTRY in steps) is (code != "court_or_arbitration")


def test_a_terminated_mediation_cannot_end_twice(people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "no_agreement")
    with pytest.raises(RuleViolation, match="已终止"):
        mediation.record_agreement(people, case.id, end.version, "退款", 100)
    with pytest.raises(RuleViolation, match="没有这个终止调解理由"):
        mediation.terminate(people, case.id, end.version, "bored")


def test_arbitration_is_recorded_as_the_body(people: Workbench) -> None:
    case = in_mediation(people)
    mediation.terminate(people, case.id, case.version, "court_or_arbitration",
                        body=Body.ARBITRATION)
    assert cases.get_case(people, case.id).held_by == ["arbitration"]


def test_termination_then_industry_moves_on(people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "respondent_refuses",
                              next_stage=Stage.INDUSTRY)
    assert end.stage == "industry" and end.still_needed == ""
    after = cases.get_case(people, case.id)
    assert after.stage == "industry" and after.mediation_result == "terminated"
    assert [e.kind for e in kinds(people, case.id)[-2:]] == ["mediation_terminated",
                                                             "stage_changed"]


def test_legal_without_approval_stays_at_mediation_and_says_what_is_needed(
        people: Workbench) -> None:
    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, "no_agreement",
                              next_stage=Stage.LEGAL)
    assert end.stage == "mediation" and end.result == "terminated"
    assert "负责人批准" in end.still_needed
    # approved: the caseworker moves it on with the ladder as usual
    request = escalation.request_approval(people, case.id, Stage.LEGAL, "支持起诉")
    escalation.decide(at(people, people.today(), "boss"), request.id, True)
    moved = escalation.escalate(people, case.id, cases.get_case(people, case.id).version,
                                Stage.LEGAL, reason="终止调解后支持起诉")
    assert moved.stage == "legal"


def test_legal_with_approval_moves_at_once(people: Workbench) -> None:
    case = in_mediation(people)
    request = escalation.request_approval(people, case.id, Stage.LEGAL, "支持起诉")
    escalation.decide(at(people, people.today(), "boss"), request.id, True)
    end = mediation.terminate(people, case.id, cases.get_case(people, case.id).version,
                              "no_agreement", next_stage=Stage.LEGAL)
    assert end.stage == "legal" and end.still_needed == ""


def test_next_stage_must_be_industry_or_legal(people: Workbench) -> None:
    case = in_mediation(people)
    with pytest.raises(RuleViolation, match="不能直接转到"):
        mediation.terminate(people, case.id, case.version, "no_agreement",
                            next_stage=Stage.MEDIA)


# --- the documents, exported through the services and read back ------------------------

def _docx_text(path: Path) -> str:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                     for p in document.element.body.iter(qn("w:p")))


def test_agreement_document_reads_back(people: Workbench, tmp_path: Path) -> None:
    from workbench.filings.text import amount_in_words
    from workbench.services import filings

    case = in_mediation(people)
    mediation.record_agreement(people, case.id, case.version, "被投诉人退还多收手续费。\n"
                               "投诉人撤回投诉。", 20000, 5000, perform_by=date(2026, 12, 10))
    exported = filings.export(people, case.id, "mediation_agreement", tmp_path)
    text = _docx_text(exported.path)
    for expected in ("调解协议书", "投诉人：张三", "被投诉人：示例支付有限公司", "争议事项",
                     "投诉人撤回投诉。", "200.00元",
                     amount_in_words(20000), amount_in_words(5000), "加倍赔偿",
                     "2026年12月10日前", "投诉人（签字）", "被投诉人（盖章）", "调解人（签字）",
                     "调解组织：示例市消费者协会。", "法定代表人或委托代理人（签字）",
                     "2026年11月26日", exported.doc_no):
        assert expected in text, expected
    # internal wording and category labels stay out; the sum is stated once
    for internal in ("消协自行调解", "调解机构", "投诉类别", "\u3000代表人（签字）"):
        assert internal not in text, internal
    assert text.count(amount_in_words(20000)) == 1
    # the sum in the term that grants it; with 加倍赔偿 in it, it is not "退回"
    assert ("被投诉人于2026年12月10日前向投诉人退还多收手续费人民币200.00元（大写：贰佰元整），"
            "其中加倍赔偿人民币50.00元（大写：伍拾元整），转账至投诉人书面指定的银行账户"
            "（户名：张三）。") in text
    assert "原路退回" not in text and "上述款项" not in text
    assert "被投诉人应于2026年12月10日前履行完毕本协议约定的义务。" in text
    basis = load_register().get("cpl.art37.p1.item5", people.today())
    from workbench.filings.layout import article_body

    # the basis is a sentence before the terms: the articles named, not quoted
    assert (f"根据{basis.citation}的规定，经示例市消费者协会主持调解，双方当事人在自愿、平等的"
            "基础上达成如下协议：") in text
    assert article_body(basis.text) not in text
    assert "以上金额合计" not in text  # one claim: no total
    assert "二〇二六" not in text
    for code in ("association", "resolved", "mediation_agreement"):
        assert code not in text


def test_a_merchants_agreement_claims_no_consumer_law(people: Workbench,
                                                      tmp_path: Path) -> None:
    from workbench.domain.vocabulary import DisputeScope
    from workbench.services import filings

    case = in_mediation(people)
    scoped = cases.set_scope(people, case.id, case.version, DisputeScope.BUSINESS,
                             "个体工商户为经营使用POS收单服务")
    mediation.record_agreement(people, case.id, scoped.version, "被投诉人退还多收手续费。",
                               20000, 0, perform_by=date(2026, 12, 10))
    text = _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)
    assert "协议书" in text and "消费者权益保护法" not in text


def test_termination_notice_reads_back(people: Workbench, tmp_path: Path) -> None:
    from workbench.services import filings

    case = in_mediation(people)
    mediation.terminate(people, case.id, case.version, "no_agreement")
    exported = filings.export(people, case.id, "termination_notice", tmp_path)
    text = _docx_text(exported.path)
    ground = load_grounds().termination_ground("no_agreement")
    assert ground.label in text and "因经调解" not in text
    assert "可以依法向人民法院提起诉讼；有仲裁协议的，可以依法申请仲裁" in text
    assert "证据清单" not in text  # a notice attaches no evidence
    assert exported.doc_no and exported.doc_no in text  # the association's 文号
    from workbench.filings.layout import article_body

    # the association mediates on its own: the market regulator's procedure (121号令,
    # 20号令) binds the regulator, not the association, and is not cited
    for entry in ground.citations(load_register(), people.today()):
        assert entry.citation not in text
        assert article_body(entry.text).splitlines()[0].strip() not in text
    assert "七个工作日内" not in text and "2026年11月26日" in text
    for code in ("no_agreement", "terminated", "samr121", "termination_notice"):
        assert code not in text


@pytest.mark.parametrize(("code", "said", "unsaid"), [
    ("withdrawn", "投诉人撤回投诉", "自行和解"),
    ("settled", "双方自行和解", "撤回投诉"),
    ("unreachable", "经多次联系，无法与投诉人取得联系", "撤回投诉"),
])
def test_the_termination_notice_states_the_one_reason_that_happened(
        people: Workbench, tmp_path: Path, code: str, said: str, unsaid: str) -> None:
    from workbench.services import filings

    case = in_mediation(people)
    end = mediation.terminate(people, case.id, case.version, code)
    assert end.ground_label == said
    closing = [s.label for s in end.next_steps if s.stage is Stage.CLOSED]
    assert closing and ("撤回" in closing[0]) is (code != "settled")  # unreachable: as withdrawn
    text = _docx_text(filings.export(people, case.id, "termination_notice", tmp_path).path)
    assert said in text and unsaid not in text and "或者" not in text.split("理由")[-1][:30]
    # the complainant who cannot be reached still has the courts
    assert ("可以依法向人民法院提起诉讼" in text) is (code == "unreachable")


def test_both_documents_are_offered_at_mediation_and_closed() -> None:
    from workbench.filings.documents import FilingKind, kinds_for_stage

    for stage in (Stage.MEDIATION, Stage.CLOSED):
        assert {FilingKind.MEDIATION_AGREEMENT, FilingKind.TERMINATION_NOTICE} <= set(
            kinds_for_stage(stage))
    assert FilingKind.TERMINATION_NOTICE not in kinds_for_stage(Stage.PROVIDER)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice not installed")
def test_libreoffice_converts_both_documents(people: Workbench, tmp_path: Path) -> None:
    from workbench.services import filings

    first, second = in_mediation(people), in_mediation(people)
    mediation.record_agreement(people, first.id, first.version, "退还手续费", 12345,
                               perform_by=date(2026, 12, 10))
    mediation.terminate(people, second.id, second.version, "respondent_refuses")
    paths = [filings.export(people, first.id, "mediation_agreement", tmp_path).path,
             filings.export(people, second.id, "termination_notice", tmp_path).path]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=240)
    for path in paths:
        pdf = out / (path.stem + ".pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout
            assert ("调解协议书" in text) or ("终止调解告知书" in text)


# --- the command line --------------------------------------------------------------------

def test_cli_agree_end_and_mediator(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.conftest import open_test_store
    from workbench.cli import app

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice")  # the CLI runs on the real clock too
    cases.ensure_caseworker(wb, "alice")
    first, second = in_mediation(wb), in_mediation(wb)
    store.dispose()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", url, *args], env={
            "WORKBENCH_USER": "alice", "WORKBENCH_FILINGS_STYLE": str(demo_style_path())})
        assert result.exit_code == 0, result.output
        return result.output

    assert "市场监管部门委托调解" in run("mediation", "mediator", first.ref, "delegated")
    out = run("mediation", "agree", first.ref, "--terms", "退还手续费", "--recovered",
              "500.00", "--punitive", "100", "--perform-by", "2027-01-05", "--document",
              "--out", str(tmp_path / "out"))
    assert "达成调解协议" in out and "已解决" in out and "500.00 元" in out
    assert "加倍赔偿 100.00 元" in out and "已生成文书" in out
    assert list((tmp_path / "out").glob("*调解协议书*.docx"))
    out = run("mediation", "end", second.ref, "--ground", "respondent_refuses",
              "--then", "legal", "--notice", "--out", str(tmp_path / "out"))
    assert "终止调解——被投诉人无正当理由不参加调解" in out
    assert "负责人批准" in out and "支持起诉" in out and "依据：" in out
    assert list((tmp_path / "out").glob("*终止调解告知书*.docx"))
    bad = runner.invoke(app, ["--db", url, "mediation", "end", second.ref, "--ground", "x"],
                        env={"WORKBENCH_USER": "alice"})
    assert bad.exit_code != 0 and "终止调解理由" in bad.output


def test_undoing_the_agreements_close_reopens_the_mediation(people: Workbench) -> None:
    case = in_mediation(people)
    mediation.record_agreement(people, case.id, case.version, "退还手续费", 20000, 5000,
                               perform_by=date(2026, 12, 10))
    closed = cases.get_case(people, case.id)
    boss = at(people, people.today(), "boss")  # undoing a close is a reopen: supervisors
    reopened = escalation.undo(boss, case.id, closed.version)
    assert reopened.stage == "mediation" and reopened.mediation_result == ""
    assert (reopened.punitive_fen, reopened.perform_by) == (0, None)
    again = mediation.record_agreement(people, case.id, reopened.version, "退还手续费", 20000)
    assert again is not None


# --- the agreement answers the demands (review §14) -----------------------------------------

def test_draft_terms_answer_each_demand_and_never_keep_a_cancelled_service() -> None:
    cancel = [{"text": "无条件注销机具并停止扣费", "amount_fen": 0},
              {"text": "退还注销申请后扣收的费用800元", "amount_fen": 80000},
              {"text": "停止跳码，恢复真实商户信息", "amount_fen": 0}]
    terms = mediation.draft_terms(cancel, 80000).splitlines()
    assert terms == ["被投诉人同意注销机具并停止扣费。", "被投诉人同意退还注销申请后扣收的费用。",
                     "被投诉人同意停止跳码，恢复真实商户信息。"]
    keep = [{"text": "立即停止跳码，恢复真实商户信息", "amount_fen": 0},
            {"text": "赔偿因降额及积分损失造成的损失280元", "amount_fen": 28000}]
    terms = mediation.draft_terms(keep, 20440).splitlines()
    assert terms[:3] == ["被投诉人同意停止跳码，恢复真实商户信息。",
                         "被投诉人同意部分赔偿因降额及积分损失造成的损失。",
                         "投诉人自愿放弃本协议约定款项以外的其他金钱请求。"]
    assert "按原约定为投诉人提供服务" in terms[3]
    assert not any("元" in t for t in terms)  # the sum is the agreement's, stated once


def test_agreement_drops_the_service_going_on_when_a_demand_cancels_it(
        people: Workbench, tmp_path: Path) -> None:
    from workbench.services import filings

    case = in_mediation(people)
    updated = cases.edit_case(people, case.id, case.version, {"demands": [
        {"text": "无条件注销机具并停止扣费", "amount_fen": 0},
        {"text": "退还服务费", "amount_fen": 12345}]})
    mediation.record_agreement(
        people, case.id, updated.version,
        "1. 被投诉人同意注销机具并停止扣费。\n"
        "2. 被投诉人自本协议签订之日起按原约定为投诉人提供服务，不再扣收协议以外的任何费用。\n"
        "3. 被投诉人同意退还服务费。", 12345, perform_by=date(2026, 12, 10))
    text = _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)
    assert "1. 被投诉人同意注销机具并停止扣费。" in text
    assert "按原约定为投诉人提供服务" not in text
    assert ("2. 被投诉人于2026年12月10日前向投诉人退还服务费人民币123.45元（大写：壹佰贰拾叁元"
            "肆角伍分），原路退回。") in text


def test_the_agreement_names_the_account_in_full_for_the_parties(people: Workbench,
                                                                 tmp_path: Path) -> None:
    from workbench.services import filings

    case = in_mediation(people)
    with people.store.write() as session:
        from workbench.store.models import Case as CaseRow
        from workbench.store.models import Complainant

        row = session.get(CaseRow, case.id)
        assert row is not None
        person = session.get(Complainant, row.complainant_id)
        assert person is not None
        person.bank_card = "6222021234567890123"
    mediation.record_agreement(people, case.id, case.version, "被投诉人同意退还多收手续费。",
                               12345, perform_by=date(2026, 12, 10))
    text = _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)
    assert "转账至投诉人结算账户（户名：张三，账号：6222021234567890123）" in text


def test_every_payment_term_says_how_it_is_paid(people: Workbench, tmp_path: Path) -> None:
    """Review round 4 §14.3: compensation with no account on file is paid to the account
    the complainant names (a blank to fill in), never a sum without a method."""
    from workbench.services import filings

    case = in_mediation(people)
    mediation.record_agreement(people, case.id, case.version, "被投诉人同意赔偿利息损失。",
                               20440, perform_by=date(2026, 12, 10))
    text = _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)
    assert ("被投诉人于2026年12月10日前向投诉人赔偿利息损失人民币204.40元（大写：贰佰零肆元肆角"
            "整），转账至投诉人书面指定的银行账户（户名：张三）。") in text


def test_the_agreement_refers_to_its_evidence_attachment(people: Workbench,
                                                         tmp_path: Path) -> None:
    """Review round 4 §14.2: the appended 证据清单 is named in the text it belongs to."""
    import docx

    from tests.factories import evidence
    from workbench.services import filings

    case = in_mediation(people)
    evidence(people, case.id, tmp_path / "files")
    mediation.record_agreement(people, case.id, cases.get_case(people, case.id).version,
                               "被投诉人同意退还多收手续费。", 12345,
                               perform_by=date(2026, 12, 10))
    path = filings.export(people, case.id, "mediation_agreement", tmp_path).path
    text = _docx_text(path)
    assert "本案证据材料见附件证据清单。" in text
    assert text.index("本案证据材料见附件证据清单。") < text.index("达成如下协议")
    assert len(docx.Document(str(path)).tables) == 1
    bare = in_mediation(people)  # no evidence: no list and no reference to one
    mediation.record_agreement(people, bare.id, bare.version, "被投诉人同意退还多收手续费。",
                               12345, perform_by=date(2026, 12, 10))
    assert "附件" not in _docx_text(filings.export(people, bare.id, "mediation_agreement",
                                                 tmp_path).path)


def test_no_termination_notice_for_a_referred_case_or_without_a_mediation() -> None:
    from workbench.filings.documents import FilingKind
    from workbench.services import filings

    notice = FilingKind.TERMINATION_NOTICE
    assert notice in filings.kinds_for("closed", "accepted", "terminated",
                                       outcome="withdrawn", mediator="association")
    assert notice not in filings.kinds_for("closed", "accepted", "terminated",
                                           outcome="referred", mediator="association")
    assert notice not in filings.kinds_for("closed", "accepted", "terminated",
                                           outcome="withdrawn", mediator="")
