"""A demand that waives a charge (免除违约金) is no money (review round 6 T1): no payment
term, no part of the 合计 or of the 挽回; the closing report says it as 减免."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.test_filings import full_text, read_back, sample
from tests.test_mediation import _docx_text, in_mediation, people  # noqa: F401
from workbench.filings import Demand, FilingKind
from workbench.filings.endings import payable_fen, waived_fen, waives
from workbench.services import cases, mediation
from workbench.services.context import Workbench

CANCEL = [{"text": "无条件注销机具并停止扣费", "amount_fen": 0},
          {"text": "免除违约金800元", "amount_fen": 80000},
          {"text": "停止跳码，恢复真实商户信息", "amount_fen": 0}]


def test_a_waiver_is_no_money_a_refund_is() -> None:
    assert waives("免除违约金800元") and waives("不再收取流量卡年费")
    assert not waives("退还已扣收的违约金800元") and not waives("免费更换机具或退还购机款")
    pairs = [("退还押金324元", 32400), ("兑现激活返现213元", 21300), ("免除违约金200元", 20000)]
    assert payable_fen(pairs) == 53700 and waived_fen(pairs) == 20000


def test_the_draft_grants_a_waiver_with_no_money_and_no_waived_claims_line() -> None:
    assert mediation.draft_terms(CANCEL, 0).splitlines() == [
        "被投诉人同意注销机具并停止扣费。", "被投诉人同意免除违约金。",
        "被投诉人同意停止跳码，恢复真实商户信息。"]


def test_the_agreement_waives_and_never_pays_the_waived_sum(people: Workbench,  # noqa: F811
                                                           tmp_path: Path) -> None:
    from workbench.services import filings

    case = in_mediation(people)
    updated = cases.edit_case(people, case.id, case.version, {"demands": CANCEL})
    end = mediation.record_agreement(people, case.id, updated.version,
                                     mediation.draft_terms(CANCEL, 0), 0,
                                     perform_by=date(2026, 12, 10))
    assert end.outcome_label == "已解决"  # nothing to pay was asked: all was granted
    text = _docx_text(filings.export(people, case.id, "mediation_agreement", tmp_path).path)
    assert "2. 被投诉人同意免除违约金。" in text
    assert "支付人民币" not in text and "800.00元（大写：捌佰元整），转账" not in text
    report = _docx_text(filings.export(people, case.id, "closing_report", tmp_path).path)
    assert "支付人民币800.00元" not in report
    assert "减免费用人民币800.00元（大写：捌佰元整）（免除违约金）" in report
    assert "挽回经济损失：无" in report


def test_the_total_of_the_requests_leaves_the_waiver_out(tmp_path: Path) -> None:
    data = sample(demands=[Demand("退还押金", 32400), Demand("兑现激活返现", 21300),
                           Demand("免除违约金", 20000)])
    document, _ = read_back(FilingKind.COMPLAINT_LETTER_PROVIDER, tmp_path, data)
    text = full_text(document)
    assert "除请求免除的款项外，以上金额合计人民币537.00元（大写：伍佰叁拾柒元整）。" in text
    assert "737.00" not in text


def test_the_service_goes_on_in_words_that_fit_the_category() -> None:
    """Review round 6 T4: "不再扣收协议以外的任何费用" is no term of a 跳码 case."""
    demands = [{"text": "立即停止跳码，恢复真实商户信息", "amount_fen": 0},
               {"text": "赔偿因降额及积分损失造成的损失280元", "amount_fen": 28000}]
    jumping = mediation.draft_terms(demands, 28000, "code_jumping").splitlines()[-1]
    assert "真实的商户信息" in jumping and "不再扣收" not in jumping
    assert "按原约定为投诉人提供服务" in jumping  # the words a cancellation drops
    fees = mediation.draft_terms([{"text": "退还押金299元", "amount_fen": 29900}], 29900,
                                 "deposit_fees").splitlines()[-1]
    assert "不再扣收协议以外的任何费用" in fees
    plain = mediation.draft_terms(demands, 28000).splitlines()[-1]
    assert plain == "被投诉人自本协议签订之日起按原约定为投诉人提供服务。"


def test_a_title_and_its_topics_name_the_dispute_only_a_demand_names(tmp_path: Path) -> None:
    """Review round 6 T4 (109): the 注销/违约金 dispute leads the title and 涉及…争议."""
    data = sample(categories=("激活返现未兑现", "押金/激活费/服务费"),
                  demands=[Demand("兑现激活返现", 21300), Demand("退还押金", 32400),
                           Demand("免除违约金", 20000)])
    document, _ = read_back(FilingKind.INDUSTRY_REPORT, tmp_path, data)
    text = full_text(document)
    assert "POS机注销违约金争议的情况反映" in text.replace("\n", "")
    assert "涉及POS机注销违约金、激活返现、押金收费争议" in text
