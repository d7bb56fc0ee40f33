"""Who speaks in each filing (filings/voice.toml): re-voicing the complainant's statement
and the check every rendered filing passes."""

from __future__ import annotations

import pytest

from workbench.filings.documents import KINDS, FilingKind
from workbench.filings.voice import check, load_voice, revoice

STATEMENT = ("投诉人张三于2025年3月1日办理POS机，被投诉人承诺费率不变。\n\n"
             "我多次联系客服，本人很无奈。\n"
             "投诉人多次协商无果，特向贵会投诉，请求依法受理并组织调解。")


def test_every_kind_declares_its_voice() -> None:
    book = load_voice()
    assert {info.kind.value for info in KINDS} <= set(book.speech)
    assert book.of(FilingKind.CIVIL_COMPLAINT).role == "原告"
    assert book.of(FilingKind.MEDIATION_APPLICATION).role == "申请人"


def test_a_letter_of_the_association_reports_in_the_third_person() -> None:
    speech = load_voice().of(FilingKind.COMPLAINT_LETTER_PROVIDER)
    lines = revoice(STATEMENT, speech, to_association=False)
    assert lines == ["投诉人张三于2025年3月1日办理POS机，被投诉人承诺费率不变。",
                     "投诉人多次联系客服，投诉人很无奈。", "投诉人多次协商无果。"]
    assert speech.reported  # under 据投诉人反映


def test_a_pleading_speaks_as_the_plaintiff_and_asks_the_association_nothing() -> None:
    speech = load_voice().of(FilingKind.CIVIL_COMPLAINT)
    lines = revoice(STATEMENT, speech, to_association=False, association="示例市消费者协会")
    assert lines[0] == "原告张三于2025年3月1日办理POS机，被告承诺费率不变。"
    assert lines[2] == "原告多次协商无果。"
    assert not any("贵会" in line or "调解" in line for line in lines)


def test_the_complainants_paper_to_the_association_keeps_its_words() -> None:
    speech = load_voice().of(FilingKind.MEDIATION_APPLICATION)
    lines = revoice(STATEMENT, speech, to_association=True)
    assert lines[1] == "我多次联系客服，本人很无奈。"  # their own first person
    assert lines[2].startswith("申请人多次协商无果，特向贵会投诉")


def test_a_mention_of_the_association_becomes_its_name_or_ours() -> None:
    speech = load_voice().of(FilingKind.CONSUMER_COMPLAINT)
    lines = revoice("投诉人曾于3月向贵会反映过此事。", speech, to_association=False,
                    association="示例市消费者协会")
    assert lines == ["投诉人曾于3月向示例市消费者协会反映过此事。"]


@pytest.mark.parametrize(("kind", "text", "addressee", "merchant", "found"), [
    ("complaint_letter_provider", "特向贵会投诉", "provider", False, "贵会"),
    ("mediation_application", "特向贵会申请调解", "association", False, None),
    ("civil_complaint", "投诉人于2025年签约", "court", False, "投诉人"),
    ("civil_complaint", "请求依法受理并组织调解", "court", False, "请求依法受理 组织调解"),
    ("samr_report", "请求贵局组织调解", "market_bureau", False, "组织调解"),
    ("complaint_letter_provider", "商户反映，消费者权益保护法", "provider", True, None),
    ("complaint_letter_provider", "消费者张三反映", "provider", True, "消费者"),
    ("complaint_letter_provider", "本会通过phone联系", "provider", False, "phone"),
    ("complaint_letter_provider", "邮箱 a.phone@example.com", "provider", False, None),
    ("complaint_letter_provider", "联系人：＿＿＿＿", "provider", False, "＿＿＿＿"),
    ("support_opinion", "依据第三十七条“受理消费者的投诉”", "court", True, None),  # a quote
])
def test_the_check_refuses_words_outside_the_kinds_voice(kind: str, text: str, addressee: str,
                                                          merchant: bool,
                                                          found: str | None) -> None:
    problems = check(kind, [text], addressee=addressee, merchant=merchant)
    assert sorted(p.words for p in problems) == sorted(found.split() if found else [])
    assert all(p.reason for p in problems)
