"""Drafts: what a caseworker typed but has not submitted, kept in the database (encrypted)
so a dropped SSH link or a killed process loses nothing."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import col

from workbench.services.context import Workbench
from workbench.services.intake import IntakeForm
from workbench.store.models import Draft

INTAKE = "intake"


def save_intake(wb: Workbench, form: IntakeForm) -> None:
    """Keep the caseworker's unfinished intake form (one per caseworker)."""
    payload = json.dumps(dataclasses.asdict(form), ensure_ascii=False)
    with wb.store.write() as session:
        row = session.execute(select(Draft).where(col(Draft.owner) == wb.actor,
                                                  col(Draft.kind) == INTAKE)).scalar_one_or_none()
        if row is None:
            session.add(Draft(owner=wb.actor, kind=INTAKE, payload=payload,
                              updated_at=wb.now()))
        else:
            row.payload, row.updated_at = payload, wb.now()


def load_intake(wb: Workbench) -> IntakeForm | None:
    """The caseworker's saved intake draft, if any (a damaged one is dropped, not fatal)."""
    with wb.store.session() as session:
        row = session.execute(select(Draft).where(col(Draft.owner) == wb.actor,
                                                  col(Draft.kind) == INTAKE)).scalar_one_or_none()
    if row is None:
        return None
    try:
        data: dict[str, Any] = json.loads(row.payload)
        data["demands"] = [tuple(d) for d in data.get("demands", [])]
        known = {f.name for f in dataclasses.fields(IntakeForm)}
        return IntakeForm(**{k: v for k, v in data.items() if k in known})
    except (ValueError, TypeError):
        return None


def clear_intake(wb: Workbench) -> None:
    with wb.store.write() as session:
        session.execute(delete(Draft).where(col(Draft.owner) == wb.actor,
                                            col(Draft.kind) == INTAKE))
