"""处理经过 (issue 11, review 0.4 / §1.4 / §2.3 / §7.2 / §10.1): the association's contacts
as sentences in the document's voice, only those its addressee reads, read back from the
real .docx; the pre-flight warnings for a contact whose channel contradicts its note and
for a "consumer" case whose narrative reads as a shop's business."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest

from tests.factories import new_case
from tests.test_filings import full_text, sample, texts
from workbench.domain.ladder import Stage
from workbench.domain.scope_words import business_words, scope_warning
from workbench.domain.vocabulary import AddresseeKind, ContactChannel
from workbench.filings import Addressee, ContactEntry, FilingKind, build, write
from workbench.filings.contacts import contact_book, sentence, shown
from workbench.services import cases, contacts, filings
from workbench.services.context import Workbench

PROVIDER_CALL = ContactEntry(date(2026, 11, 27), "phone", "示例同创客服热线 400-658-8017",
                             "GD20261127001", "转达投诉，要求其核实处理", "provider",
                             "对方已受理，承诺5个工作日内答复")
SUPERIOR_LETTER = ContactEntry(date(2026, 11, 20), "letter", "模拟发展银行股份有限公司", "",
                               "告知投诉事项，要求其限期书面答复", "superior", "")
REGULATOR = ContactEntry(date(2026, 11, 21), "online", "中国人民银行郑州市分行(12363)", "",
                         "反映服务商涉嫌违规的情况", "industry", "")
LAWYER = ContactEntry(date(2026, 11, 24), "letter", "郑州市某某律师事务所", "",
                      "沟通起诉材料", "legal", "")
COURT = ContactEntry(date(2026, 11, 25), "online", "郑州市某区人民法院立案庭", "",
                     "咨询立案事宜", "legal", "")
PRESS = ContactEntry(date(2026, 11, 23), "phone", "某某都市报新闻热线", "", "沟通采访安排",
                     "media", "")
LATER = ContactEntry(date(2026, 12, 5), "phone", "示例同创客服热线", "", "催问处理进度",
                     "provider", "")
LOG = (PROVIDER_CALL, SUPERIOR_LETTER, REGULATOR, LAWYER, COURT, PRESS, LATER)


def render(kind: FilingKind, tmp_path: Path, **changes: object) -> str:
    data = sample(contacts=LOG, issued_on=date(2026, 12, 1), **changes)
    path = write(build(kind, data), tmp_path, kind.value)
    return full_text(docx.Document(str(path)))


def test_a_contact_is_a_sentence_with_the_channels_verb() -> None:
    assert sentence(PROVIDER_CALL) == (
        "2026年11月27日，本会致电示例同创客服热线400-658-8017转达投诉，要求其核实处理，"
        "对方已受理，承诺5个工作日内答复（工单号：GD20261127001）。")
    assert sentence(SUPERIOR_LETTER) == (
        "2026年11月20日，本会致函模拟发展银行股份有限公司告知投诉事项，要求其限期书面答复。")
    online = ContactEntry(date(2026, 11, 3), "online", "示例同创在线客服", "", "催问处理进度")
    assert sentence(online).startswith("2026年11月3日，本会通过示例同创在线客服催问")
    visit = ContactEntry(date(2026, 11, 3), "visit", "某某支付郑州营业部", "", "客服称将回电")
    assert sentence(visit) == "2026年11月3日，本会走访某某支付郑州营业部，客服称将回电。"
    assert sentence(REGULATOR, tickets=False).endswith("中国人民银行郑州市分行（12363）"
                                                       "反映服务商涉嫌违规的情况。")
    bare = ContactEntry(date(2026, 11, 3), "", "", "", "")
    assert sentence(bare) == "2026年11月3日，本会联系对方。"


def test_every_channel_has_a_verb_and_every_addressee_rule_is_known() -> None:
    book = contact_book()
    assert set(book.verb) == {c.value for c in ContactChannel}
    assert set(book.show) <= {a.value for a in AddresseeKind}
    stages = {s.value for s in Stage} | {"*"}
    for allowed in book.show.values():
        assert allowed <= stages
    for outside in ("provider", "superior", "market_bureau", "industry", "court"):
        assert not book.show[outside] & {"legal", "media", "intake", "mediation"}, outside
    assert set(book.contradicts) <= set(book.verb)


@pytest.mark.parametrize("kind", [FilingKind.COMPLAINT_LETTER_PROVIDER,
                                  FilingKind.COMPLAINT_LETTER_SUPERIOR,
                                  FilingKind.INDUSTRY_REPORT])
def test_letters_outside_print_the_provider_and_superior_contacts_only(
        kind: FilingKind, tmp_path: Path) -> None:
    text = render(kind, tmp_path)
    assert "本会致函模拟发展银行股份有限公司告知投诉事项" in text
    assert "本会致电示例同创客服热线400-658-8017转达投诉" in text
    for internal in ("律师", "立案庭", "都市报", "12363", "2026年12月5日", "通过信函联系",
                     "通过电话联系"):
        assert internal not in text, internal
    assert text.index("2026年11月20日") < text.index("2026年11月27日")  # oldest first


def test_the_support_opinion_prints_only_contacts_with_the_respondent(tmp_path: Path) -> None:
    text = render(FilingKind.SUPPORT_OPINION, tmp_path)
    assert "本会处理经过如下：" in text
    assert ("2026年11月27日，本会致电示例同创客服热线400-658-8017转达投诉，要求其核实处理，"
            "对方已受理，承诺5个工作日内答复。") in text  # no ticket numbers for the court
    for other in ("模拟发展银行", "律师", "立案庭", "都市报", "12363", "2026年12月5日"):
        assert other not in text, other


def test_no_log_heading_when_nothing_is_printed(tmp_path: Path) -> None:
    data = sample(contacts=(LAWYER, COURT, PRESS), issued_on=date(2026, 12, 1))
    path = write(build(FilingKind.COMPLAINT_LETTER_PROVIDER, data), tmp_path, "p")
    lines = texts(docx.Document(str(path)))
    assert not any("处理经过" in line for line in lines)
    support = write(build(FilingKind.SUPPORT_OPINION, data), tmp_path, "s")
    assert "本会处理经过如下：" not in full_text(docx.Document(str(support)))


def test_the_civil_complaint_states_the_associations_part_as_a_fact(tmp_path: Path) -> None:
    text = render(FilingKind.CIVIL_COMPLAINT, tmp_path, association_name="示例市消费者协会")
    assert ("原告就此向示例市消费者协会投诉。示例市消费者协会于2026年11月27日与被告联系协调，"
            "纠纷未能解决。") in text
    assert "致电" not in text and "本会" not in text
    mediated = render(FilingKind.CIVIL_COMPLAINT, tmp_path, association_name="示例市消费者协会",
                      mediation_failed=True)
    assert "经示例市消费者协会调解，双方未能达成调解协议。" in mediated


def test_the_closing_report_keeps_the_whole_log_up_to_its_date(tmp_path: Path) -> None:
    text = render(FilingKind.CLOSING_REPORT, tmp_path)
    for step in ("律师事务所", "立案庭", "都市报", "模拟发展银行", "示例同创客服热线"):
        assert step in text, step
    assert "2026年12月5日" not in text


def test_a_named_addressee_decides_the_filter() -> None:
    data = sample(contacts=LOG, issued_on=date(2026, 12, 1),
                  addressee=Addressee("郑州市金水区人民法院", "court"))
    assert shown(FilingKind.COMPLAINT_LETTER_PROVIDER, data) == [PROVIDER_CALL]


# --- the pre-flight ---------------------------------------------------------------------

def _log(wb: Workbench, case_id: int, channel: str, summary: str, *, counterpart: str,
         day: int = 20) -> None:
    with wb.store.session() as session:
        version = session.get(cases.Case, case_id).version
    contacts.log_contact(wb, case_id, version, contacts.ContactDraft(
        channel=channel, counterpart=counterpart, summary=summary,
        at=datetime(2026, 11, day, 2, tzinfo=UTC)))


def _at_provider(wb: Workbench, case_id: int) -> None:
    from sqlalchemy import text

    with wb.store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET stage = 'provider' WHERE id = :i"),
                     {"i": case_id})


def test_a_letter_whose_note_says_it_was_a_call_is_warned(wb: Workbench) -> None:
    case = new_case(wb)
    _at_provider(wb, case.id)
    _log(wb, case.id, "letter", "致电服务商客服转达投诉", counterpart="示例支付有限公司")
    _log(wb, case.id, "phone", "转达投诉", counterpart="示例支付客服热线", day=21)
    checked = filings.check_export(wb, case.id, "complaint_letter_provider")
    found = [w for w in checked.warnings if "联系方式" in w]
    assert found == ["2026年11月20日与示例支付有限公司的联系记录方式为“信函”，记录内容却写有"
                     "“致电”：请核对联系方式或内容"]
    assert checked.ok


def test_a_consumer_case_that_reads_as_a_shop_is_warned(wb: Workbench) -> None:
    case = new_case(wb, narrative="本店的结算款中被扣除99元，店内的POS机一直用于收款。")
    _at_provider(wb, case.id)
    checked = filings.check_export(wb, case.id, "complaint_letter_provider")
    warning = [w for w in checked.warnings if "经营活动" in w]
    assert warning and "“结算款”、“本店”、“店内”" in warning[0]
    assert f"workbench scope {case.ref} business --reason" in warning[0]
    plain = new_case(wb, narrative="我在家中网购时被多扣了手续费。")
    _at_provider(wb, plain.id)
    assert not [w for w in filings.check_export(wb, plain.id, "complaint_letter_provider"
                                                ).warnings if "经营活动" in w]


def test_the_scope_warning_is_data_and_quiet_for_a_business_case() -> None:
    assert "结算款" in business_words() and "本店" in business_words()
    assert scope_warning("business", "本店的结算款") == ""
    assert scope_warning("consumer", "购物时被多扣款") == ""
    assert scope_warning("consumer", "本店的结算款", "TS-1").endswith(
        "workbench scope TS-1 business --reason …")


def test_the_case_screen_facts_carry_the_scope_warning(wb: Workbench) -> None:
    from workbench.services.case_view import case_facts

    case = new_case(wb, narrative="本店的结算款中被扣除99元。")
    assert "经营活动" in case_facts(case).scope_warning
    changed = cases.set_scope(wb, case.id, case.version, "business", "商户经营使用")
    assert case_facts(changed).scope_warning == ""


def test_the_demo_notes_name_no_channel() -> None:
    """A demo contact's channel is drawn apart from its note: no note may say how it was
    made (a 信函 whose note says 致电), nor start with a channel's verb."""
    from workbench.demo.phrases import CONTACT_OUTCOMES, CONTACT_SUMMARIES

    book = contact_book()
    words = {w for listed in book.contradicts.values() for w in listed} | {
        "致电", "电话", "信函", "邮件", "短信", "在线客服", "走访", "当面"}
    notes = [n for listed in CONTACT_SUMMARIES.values() for n in listed] + list(CONTACT_OUTCOMES)
    for note in notes:
        assert not [w for w in words if w in note], note
