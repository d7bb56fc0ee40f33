"""Contacts in the order a caseworker makes them (issue 11, review 0.4 / 0.2 / 0.5 and its
"demo-data guards"): which steps come before which is data (domain/contact_steps.toml); the
pre-flight warns for a 催问 logged before the 转达投诉 it chases and for a letter the log
says was already sent — read from a real SQLite case through the real pre-flight."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.factories import new_case
from tests.test_contacts import _at_provider
from tests.test_filings import sample
from workbench.demo.phrases import CONTACT_SUMMARIES
from workbench.domain.contact_order import by_step, contact_steps, out_of_order, rank, step_of
from workbench.filings import ContactEntry, FilingKind
from workbench.filings.contacts import earlier_letters
from workbench.services import cases, contacts, filings
from workbench.services.context import Workbench


def test_the_steps_are_data_and_a_chase_follows_a_forward() -> None:
    steps = contact_steps()
    assert steps["chase"].after == ("forward",)
    assert rank("forward") == 0 and rank("chase") == 1 and rank(None) == 0
    assert step_of("转达投诉，要求其核实处理") == "forward"
    assert step_of("催问处理进度") == "chase"
    assert step_of("催问转达投诉后的处理进度") == "chase"  # the latest step it names
    assert step_of("沟通案情") is None
    # every note the demo writes with the provider or superior is a step
    for stage in ("provider", "superior"):
        for note in CONTACT_SUMMARIES[stage]:  # type: ignore[index]
            assert step_of(note) is not None, note


def test_out_of_order_pairs_within_one_side() -> None:
    log = [("provider", "催问处理进度"), ("superior", "转达投诉"), ("provider", "转达投诉"),
           ("provider", "告知投诉事项")]
    assert out_of_order(log) == [(0, 2)]
    assert out_of_order([("provider", "转达投诉"), ("provider", "催问处理进度")]) == []
    assert out_of_order([("provider", "催问处理进度")]) == []  # the 投诉函 may be the forward
    assert by_step(["催问处理进度", "沟通案情", "转达投诉"]) == ["沟通案情", "转达投诉",
                                                                 "催问处理进度"]


def _log(wb: Workbench, case_id: int, channel: str, summary: str, day: int,
         counterpart: str = "示例支付客服热线") -> None:
    with wb.store.session() as session:
        version = session.get(cases.Case, case_id).version
    contacts.log_contact(wb, case_id, version, contacts.ContactDraft(
        channel=channel, counterpart=counterpart, summary=summary,
        at=datetime(2026, 11, day, 2, tzinfo=UTC)))


def test_a_chase_before_its_forward_is_warned_in_the_preflight(wb: Workbench) -> None:
    case = new_case(wb)
    _at_provider(wb, case.id)
    _log(wb, case.id, "phone", "催问处理进度", 20)
    _log(wb, case.id, "phone", "转达投诉，要求其核实处理", 24)
    checked = filings.check_export(wb, case.id, "complaint_letter_provider")
    assert [w for w in checked.warnings if "排在" in w] == [
        "2026年11月20日的联系记录“催问处理进度”排在2026年11月24日的“转达投诉，要求其核实处理”"
        "之前：应先转达投诉、后催问处理进度，请核对这两条联系记录的日期或内容"]
    assert checked.ok  # a warning: the export goes ahead
    fine = new_case(wb)
    _at_provider(wb, fine.id)
    _log(wb, fine.id, "phone", "转达投诉，要求其核实处理", 20)
    _log(wb, fine.id, "phone", "催问处理进度", 24)
    assert not [w for w in filings.check_export(wb, fine.id, "complaint_letter_provider")
                .warnings if "排在" in w]


def test_a_letter_the_log_says_was_sent_already_is_warned(wb: Workbench) -> None:
    case = new_case(wb)
    _at_provider(wb, case.id)
    _log(wb, case.id, "letter", "转达投诉，要求其核实处理", 20, counterpart="示例支付有限公司")
    checked = filings.check_export(wb, case.id, "complaint_letter_provider")
    found = [w for w in checked.warnings if "已于" in w]
    assert len(found) == 1
    assert found[0].startswith(
        "联系记录写明本会已于2026年11月20日致函示例支付有限公司，早于本函日期")
    assert "催办函" in found[0] and "前函文号" in found[0]


def test_only_a_letter_to_the_same_side_before_the_paper_counts() -> None:
    to_provider = ContactEntry(date(2026, 11, 20), "letter", "某某支付有限公司", "", "转达投诉",
                               "provider")
    to_superior = to_provider._replace(counterpart="某某银行", stage="superior")
    call = to_provider._replace(channel="phone")
    same_day = to_provider._replace(on=date(2026, 12, 1))
    data = sample(contacts=[to_provider, to_superior, call, same_day],
                  issued_on=date(2026, 12, 1), addressee=None)
    assert len(earlier_letters(FilingKind.COMPLAINT_LETTER_PROVIDER, data)) == 1
    assert "某某银行" in earlier_letters(FilingKind.COMPLAINT_LETTER_SUPERIOR, data)[0]
    # a paper not addressed to the side is no second letter to it
    assert earlier_letters(FilingKind.INDUSTRY_REPORT, data) == []
    assert earlier_letters(FilingKind.CLOSING_REPORT, data) == []
