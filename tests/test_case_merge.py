"""Merging duplicate cases (issue 14 item 5), on SQLite and PostgreSQL: what moves, the
events on both cases, the audit chain and the replay still clean, the redirect, refusals."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.factories import evidence, new_case, provider
from workbench.domain.ladder import Outcome, Stage
from workbench.errors import RuleViolation
from workbench.services import cases, escalation, queue, registry_edit
from workbench.services.case_merge import duplicate_candidates, merge_cases, plan_merge
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.services.evidence import annotate
from workbench.store import audit
from workbench.store.models import Annotation, CaseEvent, Contact, Evidence, Filing
from workbench.store.replay import replay_cases


def _v(wb: Workbench, case_id: int) -> int:
    return cases.get_case(wb, case_id).version


def _pair(wb: Workbench, tmp_path: Path) -> tuple[cases.Case, cases.Case]:
    cases.ensure_caseworker(wb, "alice", role="supervisor")
    pid = provider(wb)
    keep = new_case(wb, provider_id=pid)
    away = new_case(wb, title="费率上调（重复登记）", provider_id=pid)
    assert keep.id is not None and away.id is not None
    evidence(wb, away.id, tmp_path / "files")
    log_contact(wb, away.id, _v(wb, away.id), ContactDraft(
        channel="phone", counterpart="客服", summary="答应三日内回复",
        next_follow_up=date(2026, 12, 1)))
    annotate(wb, away.id, _v(wb, away.id), "投诉人补充了聊天记录")
    cases.edit_case(wb, away.id, _v(wb, away.id), {"demands": [
        {"text": "退还多收手续费", "amount_fen": 12345},  # the same as the kept case's
        {"text": "退还押金", "amount_fen": 29900}]})
    with wb.store.write() as session:  # a filing row as an export leaves it
        session.add(Filing(case_id=away.id, kind="complaint_letter", stage="intake",
                           file_name="x.docx", sha256="0" * 64, created_by="alice",
                           created_at=wb.now()))
    return keep, away


def test_merge_moves_everything_and_writes_both_histories(wb: Workbench,
                                                          tmp_path: Path) -> None:
    keep, away = _pair(wb, tmp_path)
    plan = plan_merge(wb, keep.ref, away.ref)
    assert plan.moved == {"evidence": 1, "contacts": 1, "annotations": 1, "filings": 1}
    assert plan.demands_added == 1 and plan.amount_claimed_fen == 12345 + 29900
    assert any("退还押金" in line for line in plan.lines())
    merge_cases(wb, keep.ref, away.ref, "同一投诉重复登记",
                expected=(plan.keep_version, plan.away_version))
    with wb.store.session() as session:
        for table in (Evidence, Contact, Annotation, Filing):
            assert {r.case_id for r in session.execute(select(table)).scalars()} == {keep.id}
        merged = session.execute(select(CaseEvent).where(
            CaseEvent.kind == "case_merged").order_by(CaseEvent.seq)).scalars().all()
        assert [(e.case_id, e.payload["role"], e.payload["other_ref"]) for e in merged] == [
            (keep.id, "kept", away.ref), (away.id, "away", keep.ref)]
        assert list(audit.verify(session)) == []
        assert [m.message for m in replay_cases(session)] == []
    kept, gone = cases.get_case(wb, keep.id), cases.get_case(wb, away.id)
    assert [d["text"] for d in kept.demands] == ["退还多收手续费", "退还押金"]
    assert kept.amount_claimed_fen == 12345 + 29900
    assert (gone.stage, gone.status, gone.outcome, gone.merged_into_id) == (
        "closed", "closed", Outcome.MERGED.value, keep.id)
    # the ref redirects, with a note; the old case can no longer be changed
    found = cases.resolve_ref(wb, away.ref.lower())
    assert found.case.id == keep.id and found.note == f"{away.ref} 已并入 {keep.ref}"
    assert cases.find_case(wb, away.ref).id == keep.id
    jump = queue.find_refs(wb, away.ref)
    assert [(m.id, m.note) for m in jump] == [(keep.id, found.note)]
    with pytest.raises(RuleViolation, match="已并入"):
        cases.edit_case(wb, away.id, gone.version, {"title": "改"})
    with pytest.raises(RuleViolation, match="已并入"):
        escalation.escalate(wb, away.id, gone.version, Stage.PROVIDER, reason="重开")


def test_refusals_say_why(wb: Workbench, tmp_path: Path) -> None:
    cases.ensure_caseworker(wb, "alice", role="supervisor")
    pid = provider(wb)
    a = new_case(wb, provider_id=pid)
    other_person = new_case(wb, provider_id=pid, name="张四", phone="13900000000",
                            id_number="")
    other_provider = new_case(wb, provider_id=provider(wb, "另一支付有限公司"))
    with pytest.raises(RuleViolation, match="不能并入它自己"):
        plan_merge(wb, a.ref, a.ref)
    with pytest.raises(RuleViolation, match="投诉人不同") as refused:
        plan_merge(wb, a.ref, other_person.ref)
    assert "--same-complainant" in (refused.value.hint or "")
    # a typo in the name: the caller confirms it is the same person
    assert plan_merge(wb, a.ref, other_person.ref, same_complainant=True).away_ref \
        == other_person.ref
    with pytest.raises(RuleViolation, match="服务商不同"):
        plan_merge(wb, a.ref, other_provider.ref)
    with pytest.raises(RuleViolation, match="需要写明理由"):
        merge_cases(wb, a.ref, other_person.ref, "  ", same_complainant=True)
    # once the registry merges the two providers, the cases may be merged
    registry_edit.merge(wb, "另一支付有限公司", "示例支付有限公司", reason="同一家")
    assert plan_merge(wb, a.ref, other_provider.ref).keep_ref == a.ref
    closed = new_case(wb, provider_id=pid)
    assert closed.id is not None
    escalation.escalate(wb, closed.id, _v(wb, closed.id), Stage.CLOSED,
                        outcome=Outcome.WITHDRAWN)
    with pytest.raises(RuleViolation, match="已结案"):
        plan_merge(wb, a.ref, closed.ref)
    with pytest.raises(RuleViolation, match="只由合并案件设定"):
        escalation.escalate(wb, a.id or 0, _v(wb, a.id or 0), Stage.CLOSED,
                            outcome=Outcome.MERGED)


def test_a_caseworker_merges_only_their_own_cases(wb: Workbench) -> None:
    cases.ensure_caseworker(wb, "alice", role="supervisor")
    cases.ensure_caseworker(wb, "bob")
    bob = dataclasses.replace(wb, actor="bob")
    pid = provider(wb)
    a, b = new_case(wb, provider_id=pid), new_case(wb, provider_id=pid)
    assert a.id is not None and b.id is not None
    cases.assign_case(wb, a.id, _v(wb, a.id), "bob")
    with pytest.raises(RuleViolation, match="只能合并分配给自己的案件"):
        plan_merge(bob, a.ref, b.ref)
    cases.assign_case(wb, b.id, _v(wb, b.id), "bob")
    merge_cases(bob, a.ref, b.ref, "重复登记")
    assert cases.get_case(wb, b.id).merged_into_id == a.id


def test_duplicate_candidates(wb: Workbench) -> None:
    pid = provider(wb)
    a, b = new_case(wb, provider_id=pid), new_case(wb, provider_id=pid)
    new_case(wb, provider_id=pid, name="李四", phone="13700000000", id_number="")
    assert [c.ref for c in duplicate_candidates(wb, a.ref)] == [b.ref]
