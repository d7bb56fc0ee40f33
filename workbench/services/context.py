"""What every use case needs: the open store, who is acting, the clock, the rules in force."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.domain.calendar import WorkCalendar
from workbench.domain.clock import Clock, SystemClock
from workbench.domain.deadlines import RuleBook, load_rules
from workbench.domain.law import LawRegister, load_register
from workbench.store.anchors import AnchorLog
from workbench.store.audit import ChainWriter
from workbench.store.blobs import BlobStore
from workbench.store.engine import Store
from workbench.store.models import Holiday


@dataclass
class Workbench:
    store: Store
    actor: str
    rules: RuleBook = field(default_factory=load_rules)
    law: LawRegister = field(default_factory=load_register)
    clock: Clock = field(default_factory=SystemClock)
    blobs: BlobStore | None = None  # the evidence file store, when the caller set one up
    evidence_max_bytes: int = 200 * 2**20
    filings_dir: Path | None = None
    filings_style: Path | None = None
    anchors: AnchorLog | None = None  # where the chain head is anchored (README › Audit)
    real_actor: str = ""  # set when an admin acts as `actor`: who really does it
    notices: tuple[str, ...] = ()  # what opening did that the person should hear of

    def now(self) -> datetime:
        """This instant (UTC), from the context's clock."""
        return self.clock.now()

    def today(self) -> date:
        """Today in China, from the context's clock."""
        return self.clock.today()

    def chain(self, session: Session) -> ChainWriter:
        """The audit chain for one write transaction, stamped with one `now`."""
        return ChainWriter(session, self.clock.now(), self.anchors, self.real_actor)

    def calendar(self, session: Session) -> WorkCalendar:
        """The working-day calendar with the admin's holiday table from the database."""
        table = {h.day: h.working for h in session.execute(select(Holiday)).scalars()}
        return WorkCalendar(table)
