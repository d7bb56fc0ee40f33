"""Every kind exported from a demo case: the personal data each addressee reads, in every
part of the .docx (body, tables, headers, footers, properties); the press brief's approval."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select
from sqlmodel import col

from tests.conftest import TODAY, open_test_store
from workbench.demo import generate_demo
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Stage
from workbench.domain.masking import mask_phone
from workbench.domain.personal_text import Handling
from workbench.errors import RuleViolation
from workbench.filings.documents import DOCX_KINDS, NOTICE_DECISION, FilingKind
from workbench.filings.style import demo_style_path
from workbench.services import cases, escalation, filings
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.store.models import Case, Complainant, Evidence

COURT = (FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION, FilingKind.MEDIATION_AGREEMENT)
WITNESS = "王芳"  # a person named in the contact log


@pytest.fixture
def demo_wb(sqlite_url: str) -> Iterator[Workbench]:
    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY),
                   filings_style=demo_style_path())
    generate_demo(store, cases=8, seed=7, actor="alice", clock=FrozenClock.on(TODAY))
    cases.ensure_caseworker(wb, "alice")
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    yield wb
    store.dispose()


def every_text(path: Path) -> str:
    """All text of a .docx: body with its tables, every header and footer, properties."""
    document = docx.Document(str(path))
    parts = [t.text or "" for t in document.element.body.iter(qn("w:t"))]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):
            parts += [t.text or "" for t in part._element.iter(qn("w:t"))]
    props = document.core_properties
    parts += [props.title or "", props.subject or "", props.keywords or ""]
    return "\n".join(parts)


def a_demo_case(wb: Workbench) -> tuple[int, Complainant]:
    """A demo case whose narrative names its complainant, given a phone and ID in the
    narrative and a person in its contact log too."""
    with wb.store.write() as session:
        with_evidence = select(col(Evidence.case_id))  # its evidence list is exported too
        case = session.execute(select(Case).where(col(Case.id).in_(with_evidence))
                               .order_by(col(Case.id))).scalars().first()
        assert case is not None and case.id is not None
        person = session.get(Complainant, case.complainant_id)
        assert person is not None and person.name in case.narrative  # as every demo case
        case.narrative += (f"\n投诉人联系电话{person.phone[:3]}-{person.phone[3:7]}-"
                           f"{person.phone[7:]}，身份证号{person.id_number}。")
        case.litigation = {"court": "示例市示例区人民法院", "contract": "原告与被告签订服务协议。",
                           "performance": "原告使用机具收款。", "mediation": True}
        person.ethnicity = person.ethnicity or "汉族"
        session.flush()
        session.expunge(person)
        case_id = case.id
    current = cases.get_case(wb, case_id)
    log_contact(wb, case_id, current.version, ContactDraft(
        channel="phone", counterpart=WITNESS, ticket_no="",
        summary=f"{WITNESS}称已转告{person.name}（{person.phone}）"))
    return case_id, person


def put_at(wb: Workbench, case_id: int, kind: FilingKind) -> None:
    """The case at a stage (and with the decision) that offers `kind`."""
    stage = next(s for s in Stage if s in kind.info.stages)
    with wb.store.write() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.stage = stage.value
        case.decision = NOTICE_DECISION.get(kind, case.decision)
        # the 投诉书: not for a business dispute, nor beside the association's own mediation
        case.mediator = "delegated" if kind is FilingKind.CONSUMER_COMPLAINT else "association"
        if kind is FilingKind.CONSUMER_COMPLAINT:
            case.scope = "consumer"
        ended = {FilingKind.MEDIATION_AGREEMENT: "agreed",
                 FilingKind.TERMINATION_NOTICE: "terminated"}.get(kind, "")
        case.mediation_result = ended
        case.mediation_terms = "被投诉人退还多收的手续费。" if ended == "agreed" else ""
        case.perform_by = TODAY + timedelta(days=10) if ended == "agreed" else None
        case.termination_ground = "no_agreement" if ended == "terminated" else ""
        if kind is FilingKind.REFUSAL_NOTICE:
            case.decision_ground, case.decision_on = "already_handled", TODAY
        if kind is FilingKind.MATERIAL_NOTICE:
            case.material_items, case.material_due_on = ["POS机办理协议"], TODAY



def approve_media(wb: Workbench, case_id: int) -> None:
    request = escalation.request_approval(wb, case_id, Stage.MEDIA, "同类投诉集中")
    boss = Workbench(store=wb.store, actor="boss", rules=wb.rules, clock=wb.clock,
                     filings_style=wb.filings_style)
    escalation.decide(boss, request.id or 0, True, "同意")


def test_every_kind_of_a_demo_case_carries_only_what_its_addressee_needs(
        demo_wb: Workbench, tmp_path: Path) -> None:
    wb = demo_wb
    case_id, person = a_demo_case(wb)
    approve_media(wb, case_id)
    private = [person.name, person.phone, person.id_number, WITNESS]
    for kind in DOCX_KINDS:  # the binder is a PDF of the files, tested on its own
        put_at(wb, case_id, kind)
        text = every_text(filings.export(wb, case_id, kind, tmp_path / kind.value).path)
        if kind.info.need is not Handling.FULL:
            for value in private:
                assert value not in text, (kind, value)
            assert person.name[0] + "某" in text  # masked or not, 张某: no length told
            assert person.name[0] + "*" not in text, kind
        if kind in COURT:
            assert person.name in text, kind
        if kind in (FilingKind.CIVIL_COMPLAINT, FilingKind.SUPPORT_OPINION):
            assert person.id_number in text, kind  # the narrative, whole
        if kind is FilingKind.SUPPORT_OPINION:  # the association's contact log, whole
            assert WITNESS in text
    press = every_text(next((tmp_path / "press_brief").glob("*.docx")))
    assert mask_phone(person.phone) not in press  # not even masked
    assert person.merchant_no not in press and "元" not in press.split("投诉人的请求")[1][:60]
    assert WITNESS[0] + "某" not in press  # the contact log is not published
    assert "本会处理经过" not in press and "据投诉人称" in press


def test_the_press_brief_needs_a_supervisors_approval(demo_wb: Workbench,
                                                        tmp_path: Path) -> None:
    wb = demo_wb
    case_id, _ = a_demo_case(wb)
    put_at(wb, case_id, FilingKind.PRESS_BRIEF)
    request = escalation.request_approval(wb, case_id, Stage.MEDIA, "拟曝光")
    with pytest.raises(RuleViolation, match="缺少负责人对进入「媒体曝光」阶段的批准"):
        filings.export(wb, case_id, FilingKind.PRESS_BRIEF, tmp_path)
    boss = Workbench(store=wb.store, actor="boss", rules=wb.rules, clock=wb.clock,
                     filings_style=wb.filings_style)
    escalation.decide(boss, request.id or 0, False, "证据不足")
    with pytest.raises(RuleViolation, match="批准"):
        filings.export(wb, case_id, FilingKind.PRESS_BRIEF, tmp_path)
    assert list(tmp_path.glob("*.docx")) == []
    approve_media(wb, case_id)
    assert filings.export(wb, case_id, FilingKind.PRESS_BRIEF, tmp_path).path.exists()
