"""No byte of data reaches the terminal: one sanitiser for everything shown, one cleaner
for everything stored (DESIGN §8, issue 12 item 7)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.factories import new_case, provider
from workbench.domain.text_input import stored_text, without_controls
from workbench.domain.validators import ValidationError
from workbench.errors import RuleViolation
from workbench.services import cases, intake
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.terminal_text import MARK, clean

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
CLEAR = "\x1b[2J"
TITLE_SET = "\x1b]0;pwned\x07"
C1_CSI = "\x9b"
BIDI = "\u202e"
HOSTILE = f"费率{OSC52}被{CLEAR}上调{TITLE_SET}{C1_CSI}31m\a{BIDI}gnp.exe"
RAW_BYTES = ("\x1b", "\x07", "\x9b", "\u202e")

GOOD_FORM = intake.IntakeForm(
    title="押金不退", name="王五", phone="13912345678", provider="示例汇达支付有限公司",
    categories=["押金"], narrative="办理时收取押金299元。", demands=[("退还押金", "299")])


# --- the one sanitiser for what is shown --------------------------------------------


def test_clean_shows_every_control_escape_and_bidi_character_as_a_mark() -> None:
    shown = clean(HOSTILE)
    assert not any(c in shown for c in RAW_BYTES)
    assert shown.count(MARK) == 8 and shown.startswith("费率" + MARK + "]52;")
    assert clean("a\x7fb\u2066c\u2069") == f"a{MARK}b{MARK}c{MARK}"


def test_clean_keeps_newlines_only_where_text_is_multi_line() -> None:
    assert clean("一\r\n二\n三\t四") == "一 二 三 四"
    assert clean("一\r\n二\r三\t四", one_line=False) == "一\n二\n三    四"


# --- one cleaner for what is stored ------------------------------------------------


def test_stored_text_removes_controls_and_keeps_layout_in_multi_line_text() -> None:
    assert stored_text(HOSTILE) == "费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe"
    assert stored_text("第一段\r\n\t第二段\x1b[31m", multiline=True) == "第一段\n\t第二段[31m"
    assert stored_text("标题\n第二行\t尾") == "标题 第二行 尾"
    assert without_controls("\x00a\x1b") == "a"  # removal only: evidence metadata


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"])
def test_nul_and_lone_surrogates_are_refused_in_chinese(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        stored_text(bad, field="title", label="标题")
    assert caught.value.code == "chars" and caught.value.message.startswith("标题中含有")


def test_intake_stores_titles_narratives_and_demands_cleaned(wb: Workbench) -> None:
    form = replace(GOOD_FORM, title=HOSTILE, narrative=f"第一行\n\t第二行{OSC52}",
                   name=f"王五{CLEAR}", provider=f"示例支付{TITLE_SET}",
                   demands=[(f"退还{BIDI}押金", "299")])
    case = intake.submit(wb, form)
    with wb.store.session() as session:
        stored = session.get(cases.Case, case.id)
        assert stored is not None
        person = session.get(cases.Complainant, stored.complainant_id)
        company = session.get(cases.Provider, stored.provider_id)
        assert person is not None and company is not None
        texts = [stored.title, stored.narrative, stored.demands[0]["text"], person.name,
                 company.name]
    assert texts[:3] == ["费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe",
                         "第一行\n\t第二行]52;c;aGVsbG8=", "退还押金"]
    assert texts[3] == "王五[2J" and texts[4] == "示例支付]0;pwned"


def test_intake_refuses_nul_and_surrogates_by_field_and_saves_nothing(wb: Workbench) -> None:
    form = replace(GOOD_FORM, title="押金\x00不退", narrative="事实\udc80")
    with pytest.raises(intake.IntakeErrors) as caught:
        intake.submit(wb, form)
    assert set(caught.value.errors) == {"title", "narrative"}
    assert "空字符" in caught.value.errors["title"]
    assert cases.case_count(wb) == 0


def test_create_edit_and_contacts_clean_at_the_edge(wb: Workbench) -> None:
    case = new_case(wb, title=HOSTILE, narrative=f"一\n二{CLEAR}")
    assert case.title == "费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe"
    assert case.narrative == "一\n二[2J"
    edited = cases.edit_case(wb, case.id, case.version,
                             {"title": f"新{OSC52}标题", "narrative": f"甲\n乙{BIDI}"})
    assert (edited.title, edited.narrative) == ("新]52;c;aGVsbG8=标题", "甲\n乙")
    with pytest.raises(RuleViolation, match="空字符"):
        cases.edit_case(wb, case.id, edited.version, {"title": "坏\x00标题"})
    contact = log_contact(wb, case.id, edited.version, ContactDraft(
        channel="phone", counterpart=f"客服{TITLE_SET}", summary=f"说了\n{OSC52}没用",
        ticket_no=f"T{C1_CSI}1", outcome=f"无{CLEAR}"))
    assert (contact.counterpart, contact.summary, contact.ticket_no, contact.outcome) == (
        "客服]0;pwned", "说了\n]52;c;aGVsbG8=没用", "T1", "无[2J")
    with pytest.raises(RuleViolation, match="空字符"):
        log_contact(wb, case.id, cases.get_case(wb, case.id).version, ContactDraft(
            channel="phone", counterpart="", summary="坏\x00"))
    assert provider(wb)  # the factory still works
