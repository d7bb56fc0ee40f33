"""Every code a user can see has a Chinese label, declared once (DESIGN §6, §8)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from workbench.domain import events
from workbench.domain.categories import Category, EvidenceKind
from workbench.domain.ladder import Body, Outcome, Priority, Role, Stage, Status
from workbench.domain.vocabulary import (
    ApprovalStatus,
    CaseField,
    Coded,
    ComplainantKind,
    ContactChannel,
    Decision,
    DisputeScope,
    EventKind,
    EvidenceField,
    IndustryBody,
    Mediator,
    PersonalField,
    RequirementCode,
)

VOCABULARIES: tuple[type[Coded], ...] = (
    ComplainantKind, ApprovalStatus, ContactChannel, RequirementCode, PersonalField, EventKind,
    CaseField, Outcome, Status, Priority, Role, Body, Category, EvidenceKind, DisputeScope,
    Decision, Mediator, IndustryBody, EvidenceField)
CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_member_has_a_chinese_label(vocabulary: type[Coded]) -> None:
    labels = [member.label for member in vocabulary]
    for member in vocabulary:
        assert CODE.match(member.value), member  # codes stay English
        assert CJK.search(member.label), f"{vocabulary.__name__}.{member.name}"
        assert not re.search(r"[a-z]{3,}", member.label), member.label  # no English words
        assert vocabulary.label_of(member.value) == member.label
    assert len(set(labels)) == len(labels), f"two {vocabulary.__name__} share a label"


def test_every_stage_has_a_label() -> None:
    for stage in Stage:
        assert CJK.search(stage.label)


def test_unknown_codes_never_reach_the_screen_as_codes() -> None:
    assert ContactChannel.label_of("fax", "其他方式") == "其他方式"
    assert EventKind.label_of("x") == "x"  # explicit default needed to hide it


# One sample payload per event kind, built by the same builders the services use.
SAMPLES: dict[EventKind, events.NewEvent] = {
    EventKind.CREATED: events.created(ref="TS-2026-000001", title="t", stage=Stage.INTAKE,
                                      due_on=date(2026, 12, 10), due_estimated=False,
                                      categories=["fee_increase"], assignee=None),
    EventKind.FIELD_CHANGED: events.field_changed("narrative", "a", "b"),
    EventKind.ASSIGNED: events.assigned(None, "wang.li"),
    EventKind.STAGE_CHANGED: events.stage_changed(
        previous=Stage.MEDIATION, to=Stage.CLOSED, reason="达成协议", due_on=None,
        due_estimated=False, outcome=Outcome.PARTIALLY_RESOLVED, recovered_fen=12345),
    EventKind.STAGE_CHANGE_UNDONE: events.stage_change_undone(
        undoes=3, previous=Stage.SUPERIOR, to=Stage.PROVIDER, due_on=date(2026, 12, 16)),
    EventKind.CONTACT_LOGGED: events.contact_logged(
        contact=1, channel=ContactChannel.PHONE, counterpart="客服", stage=Stage.PROVIDER,
        ticket_no="GD1", next_follow_up=date(2026, 12, 8)),
    EventKind.EVIDENCE_ADDED: events.evidence_added(
        evidence_id=1, kind=EvidenceKind.RECEIPT, title="押金收据", sha256="0" * 64, size=1,
        media_type="image/jpeg"),
    EventKind.EVIDENCE_CHANGED: events.evidence_changed(evidence_id=1, changes={
        EvidenceField.PROVES: ("", "被告收取押金299元"), EvidenceField.ORIGINAL: (False, True)}),
    EventKind.ANNOTATED: events.annotated(annotation_id=1, evidence_id=None, tags=[],
                                          body="注"),
    EventKind.FILING_EXPORTED: events.filing_exported(
        filing=1, kind="complaint_letter_provider", doc_no="某消协函〔2026〕1号",
        sha256="0" * 64, file="a.docx", full_personal_data=False),
    EventKind.PII_REVEALED: events.pii_revealed(PersonalField.PHONE, 1),
    EventKind.BODIES_RECORDED: events.bodies_recorded([], [Body.COURT]),
    EventKind.APPROVAL_REQUESTED: events.approval_requested(request=1, to=Stage.MEDIA,
                                                            reason="拒不退费"),
    EventKind.APPROVAL_DECIDED: events.approval_decided(request=1, to="media", approved=True,
                                                        note=""),
    EventKind.CLOCK_PAUSED: events.clock_paused("送检", date(2026, 12, 1)),
    EventKind.CLOCK_RESUMED: events.clock_resumed(3, date(2026, 12, 20)),
    EventKind.DEADLINE_EXTENDED: events.deadline_extended(15, "机构延期", date(2026, 12, 30)),
    EventKind.CASEWORKER_ADDED: events.caseworker_added("li.na", "caseworker"),
    EventKind.ROLE_CHANGED: events.role_changed("li.na", "caseworker", "supervisor"),
    EventKind.CASEWORKER_DEACTIVATED: events.caseworker_deactivated("li.na"),
    EventKind.PROVIDER_ADDED: events.provider_added(1, "示例支付有限公司"),
    EventKind.HOLIDAYS_IMPORTED: events.holidays_imported(12, [2027]),
    EventKind.CASE_MERGED: events.case_merged(
        kept=True, other_id=9, other_ref="TS-2026-000009", reason="同一争议重复登记",
        moved={"evidence": 2, "contacts": 1}, demands_added=1),
    EventKind.PROVIDER_MERGED: events.provider_merged(
        from_id=4, from_name="示例支付科技有限工司", into_id=3, into_name="示例支付科技有限公司",
        reason="同一机构的错别字", cases=2),
    EventKind.PROVIDER_ALIAS_ADDED: events.provider_alias(
        provider_id=3, name="示例支付科技有限公司", alias="示例支付"),
    EventKind.PROVIDER_ALIAS_REMOVED: events.provider_alias(
        provider_id=3, name="示例支付科技有限公司", alias="示例支付", removed=True),
    EventKind.CASE_IMPORTED: events.case_imported(file="12315.xlsx", sheet="Sheet1", row=3,
                                                  external_ref="1234567", import_id="ab12"),
    EventKind.IMPORT_RUN: events.import_run(file="12315.xlsx", profile="12315",
                                            import_id="ab12", created=3, imported=1,
                                            duplicates=0, refused=2, cancelled=False),
    EventKind.SCOPE_SET: events.scope_set(DisputeScope.BUSINESS, "个体工商户为经营购买POS服务"),
    EventKind.LITIGATION_SET: events.litigation_set(["court", "ethnicity"]),
    EventKind.PROVIDER_UPDATED: events.provider_updated(provider_id=3, name="某支付公司",
                                                        fields=["法定代表人"]),
    EventKind.ACCEPTED: events.accepted(due_on=date(2026, 12, 16)),
    EventKind.MATERIAL_REQUESTED: events.material_requested(items=["交易流水"],
                                                            by=date(2026, 12, 10)),
    EventKind.REFUSED: events.refused(ground="not_consumption", cites=["cpl.art2"]),
    EventKind.MEDIATION_AGREED: events.mediation_agreed(
        terms="退还多收手续费", recovered_fen=50000, punitive_fen=0,
        perform_by=date(2026, 12, 20)),
    EventKind.MEDIATION_TERMINATED: events.mediation_terminated(
        ground="respondent_refuses", cites=["samr121.art23"]),
    EventKind.GROUP_CREATED: events.group_created(group=1, name="汇通费率", provider="某公司",
                                                  cases=30),
    EventKind.GROUP_JOINED: events.group_joined(group=1, name="汇通费率", ref="TS-2026-000001",
                                                representative=True),
    EventKind.GROUP_LEFT: events.group_left(group=1, name="汇通费率", ref="TS-2026-000001",
                                            reason="已自行和解"),
    EventKind.GROUP_ESCALATED: events.group_escalated(
        group=1, name="汇通费率", to=Stage.MEDIATION, reason="", moved=["TS-2026-000001"],
        refused=[]),
}


def test_every_event_kind_has_a_builder_sample() -> None:
    assert set(SAMPLES) == set(EventKind)
    for kind, event in SAMPLES.items():
        assert event.kind is kind


@pytest.mark.parametrize("kind", list(EventKind), ids=str)
def test_every_event_kind_is_described_in_chinese(kind: EventKind) -> None:
    line = events.describe(kind, SAMPLES[kind].payload, {"complaint_letter_provider": "投诉函"})
    assert CJK.search(line)
    raw_codes = {c.value for v in VOCABULARIES for c in v if "_" in c.value or len(c.value) > 3}
    leaked = [code for code in raw_codes if re.search(rf"\b{code}\b", line)]
    assert leaked == [], line
    for word in ("phone", "mediation", "closed", "None", "partially_resolved"):
        assert word not in line, line


def test_descriptions_carry_the_facts() -> None:
    assert events.describe(EventKind.EVIDENCE_CHANGED,
                           SAMPLES[EventKind.EVIDENCE_CHANGED].payload) \
        == "修改证据 #1：证明对象、原件/复印件"
    assert events.describe(EventKind.CONTACT_LOGGED, SAMPLES[EventKind.CONTACT_LOGGED].payload) \
        == "通过电话联系客服，工单号 GD1，下次跟进 2026-12-08"
    closed = events.describe(EventKind.STAGE_CHANGED, SAMPLES[EventKind.STAGE_CHANGED].payload)
    assert closed == "消协调解 → 结案，结果：部分解决，挽回 123.45 元，理由：达成协议"
