"""Stream every case with its events through `domain.replay`, a batch of cases at a time,
so a million cases verify in bounded memory."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.replay import CaseRow, Mismatch, ReplayEvent, replay
from workbench.store.models import Case, CaseEvent, Caseworker


def replay_cases(session: Session, batch: int = 500) -> Iterator[Mismatch]:
    """Yield every case field the events do not explain, in case id order."""
    last_id = 0
    while True:
        rows = session.execute(
            select(col(Case.id), col(Case.ref), col(Case.stage), col(Case.status),
                   col(Case.outcome), col(Caseworker.login), col(Case.priority),
                   col(Case.stage_due_on), col(Case.follow_up_on), col(Case.due_on),
                   col(Case.amount_claimed_fen), col(Case.amount_recovered_fen))
            .outerjoin(Caseworker, col(Caseworker.id) == col(Case.assignee_id))
            .where(col(Case.id) > last_id).order_by(col(Case.id)).limit(batch)
        ).all()
        if not rows:
            return
        first, last_id = int(rows[0][0] or 0), int(rows[-1][0] or 0)
        history: dict[int | None, list[ReplayEvent]] = defaultdict(list)
        for case_id, seq, kind, payload in session.execute(
                select(col(CaseEvent.case_id), col(CaseEvent.seq), col(CaseEvent.kind),
                       col(CaseEvent.payload))
                .where(col(CaseEvent.case_id).between(first, last_id))
                .order_by(col(CaseEvent.case_id), col(CaseEvent.seq))):
            history[case_id].append(ReplayEvent(seq, kind, payload or {}))
        for case_id, *fields in rows:
            yield from replay(history.pop(case_id, []), CaseRow(*fields))
