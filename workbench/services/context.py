"""What every use case needs: the open store, who is acting, the rules in force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain.calendar import WorkCalendar, shanghai_today
from workbench.domain.deadlines import RuleBook, load_rules
from workbench.store.blobs import BlobStore
from workbench.store.engine import Store
from workbench.store.models import Holiday


@dataclass
class Workbench:
    store: Store
    actor: str
    rules: RuleBook = field(default_factory=load_rules)
    today: Callable[[], date] = shanghai_today
    blobs: BlobStore | None = None  # the evidence file store, when the caller set one up
    evidence_max_bytes: int = 200 * 2**20
    filings_dir: Path | None = None
    filings_style: Path | None = None

    def calendar(self, session: Session) -> WorkCalendar:
        """The working-day calendar with the admin's holiday table from the database."""
        table = {h.day: h.working for h in session.execute(select(Holiday)).scalars()}
        return WorkCalendar(table)
