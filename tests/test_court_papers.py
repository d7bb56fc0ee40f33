"""The court papers and the internal report, read back: the 民事起诉状 after the SPC
template in the plaintiff's voice, the 支持起诉意见书, the 结案报告 without letterhead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.test_filings import evidence_table, full_text, read_back, sample, texts
from workbench.filings.documents import FilingKind


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
                   "对纠纷解决方式的意愿", "先行调解", "具状人（签字、捺印）：张三",
                   "2026年11月26日", "附：本状副本1份；证据2份共3页。",
                   "民法典》第五百七十七条"):
        assert needle in text, needle
    assert lines.index("此致") + 1 == lines.index("某某市某某区人民法院")
    assert lines.index("此致") < lines.index("具状人（签字、捺印）：张三")
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
    assert "结案结果：转交其他机构处理。" in text
    assert "本案已转交其他机构处理（已转交人民银行分支机构处理）" in text
    assert "2026年12月1日，回访投诉人，投诉人表示已收到人民银行答复。" in text
    assert "未回访" not in text
