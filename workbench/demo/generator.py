"""Deterministic, fictional demo data for an empty database (`workbench demo`).

Everything is derived from `random.Random(seed)` and from the clock (a frozen one in
tests), so two runs with the same seed and clock write the same rows; only the AES-GCM
nonces of the encrypted columns differ. Every history entry comes from the builders in
`domain.events`, with the payload the services write, and the history of each case obeys
the ladder's rules (see `demo.case`).

Speed matters (the aim: 100,000 cases into a SQLite file in 30 s on 2 cores). Rows are
precomputed as plain dicts, ids are assigned here rather than read back (PostgreSQL's
sequences are moved past them at the end), each chunk of 2,000 cases goes to the driver's
`executemany` once per table (`BulkInsert`), events are chained with `ChainWriter.rows`,
case by case in time order, and the search index is filled once at the end
(`search.rebuild`, FTS5 with a larger pending-term buffer). Everything is written in one
write transaction: all or nothing.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from workbench.demo.bulk import (
    ID_TABLES,
    BulkInsert,
    fix_sequences,
    fts_bulk_load,
    sqlite_bulk_pragmas,
)
from workbench.demo.case import WAVE_DAYS, WAVE_MIN_DEMO, Batch, CaseBuilder, Wave
from workbench.demo.cast import Providers
from workbench.demo.days import OFFICE_START, WINDOW_DAYS, DayClock
from workbench.demo.draws import Rand
from workbench.demo.history import Planner
from workbench.demo.names import CASEWORKERS
from workbench.domain import events
from workbench.domain.calendar import WorkCalendar
from workbench.domain.clock import Clock
from workbench.domain.deadlines import RuleBook, load_rules
from workbench.domain.events import NewEvent
from workbench.domain.ladder import Role
from workbench.errors import RuleViolation
from workbench.i18n import _
from workbench.store import search
from workbench.store.audit import ChainWriter
from workbench.store.categories import insert_categories, rows_of
from workbench.store.engine import Store
from workbench.store.models import (
    Annotation,
    ApprovalRequest,
    Case,
    CaseEvent,
    Caseworker,
    Complainant,
    Contact,
    Evidence,
    Holiday,
    Provider,
    ProviderAlias,
)

CHUNK = 2000  # cases per insert batch
_EVENT_TABLE: Any = CaseEvent.__table__  # type: ignore[attr-defined]


@dataclass
class DemoSummary:
    """What `generate_demo` wrote."""

    caseworkers: int = 0
    providers: int = 0
    complainants: int = 0
    cases: int = 0
    evidence: int = 0
    annotations: int = 0
    contacts: int = 0
    approvals: int = 0
    events: int = 0
    search_rows: int = 0
    seconds: float = 0.0


def generate_demo(store: Store, *, cases: int, seed: int, actor: str = "demo",
                  clock: Clock, admin: str = "",
                  progress: Callable[[int, int], None] | None = None,
                  rules: RuleBook | None = None) -> DemoSummary:
    """Fill an empty database with `cases` fictional cases and everything around them.

    Refuses (RuleViolation) when the database already holds cases. Deterministic for a
    `seed` and the clock's time; nothing written happens after it. `progress(done, total)`
    is called after each chunk with `total == cases`. `admin`: the login (the OS user
    creating the demo) registered as the demo's admin, after every random draw.
    """
    if cases < 0:
        raise RuleViolation(_("案件数量不能为负数。"), _("请给 --cases 一个正数。"))
    started = time.perf_counter()
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of short-lived dicts: the cyclic GC only costs time here
    try:
        with store.write() as session:
            case_table = Case.__table__  # type: ignore[attr-defined]
            if session.execute(select(case_table.c.id).limit(1)).first() is not None:
                raise RuleViolation(_("数据库中已有案件，演示数据只能写入空数据库。"),
                                    _("请用 --db 给演示一个新文件（或一个空数据库）。"))
            generator = _Generator(session, store.dialect, cases=cases, seed=seed, actor=actor,
                                   now=clock.now(), progress=progress,
                                   rules=rules or load_rules())
            summary = generator.run(admin)
    finally:
        if gc_was_enabled:
            gc.enable()
    store.analyze()  # fresh statistics, so the queue's queries pick the right indexes
    summary.seconds = time.perf_counter() - started
    return summary


class _Generator:
    def __init__(self, session: Session, dialect: str, *, cases: int, seed: int, actor: str,
                 now: datetime, progress: Callable[[int, int], None] | None,
                 rules: RuleBook) -> None:
        self.session = session
        self.conn: Connection = session.connection()
        self._writers: dict[str, BulkInsert] = {}
        self.dialect = dialect
        self.n = cases
        self.r = Rand(seed)
        self.seed = seed
        self.actor = actor
        self.progress = progress
        holidays = {h.day: h.working for h in session.execute(select(Holiday)).scalars()}
        self.clock = DayClock(now, WorkCalendar(holidays), rules)
        self.summary = DemoSummary()
        self.chain = ChainWriter(session, now)
        # events waiting to be chained, in order: (case id, event, actor, time)
        self.events: list[tuple[int | None, NewEvent, str, datetime]] = []

    def _next_id(self, table: Any) -> int:
        value = self.conn.execute(select(func.max(table.c.id))).scalar()
        return int(value or 0) + 1

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        writer = self._writers.get(table.name)
        if writer is None:
            encoded = {"payload": "payload_json"} if table is _EVENT_TABLE else None
            writer = self._writers[table.name] = BulkInsert(self.conn, table, encoded)
        writer.run(rows)

    def run(self, admin: str = "") -> DemoSummary:
        with fts_bulk_load(self.conn, self.dialect), \
                sqlite_bulk_pragmas(self.conn, self.dialect):
            self._caseworkers()
            self._providers()
            self._cases()
            self.summary.search_rows = search.rebuild(self.session)  # once, not per chunk
            self._admin(admin)
            fix_sequences(self.conn, self.dialect)
            self.chain.close()
        return self.summary

    # -- people and providers ----------------------------------------------------------

    def _setup_moment(self, offset: int) -> datetime:
        """Before the first case: when the office set the workbench up."""
        return self.clock.at((self.clock.today - WINDOW_DAYS - 30) * 86400 + OFFICE_START
                             + offset)

    def _caseworkers(self) -> None:
        table = Caseworker.__table__  # type: ignore[attr-defined]
        existing = {row.login: row.id for row in self.conn.execute(
            select(table.c.login, table.c.id))}
        wanted = list(CASEWORKERS)
        if self.actor not in {login for login, _, _ in wanted}:
            wanted.append((self.actor, self.actor, Role.CASEWORKER))
        next_id = self._next_id(table)
        rows = []
        self.logins: dict[str, int] = {}
        for login, display, role in wanted:
            if login in existing:
                self.logins[login] = existing[login]
                continue
            rows.append({"id": next_id, "login": login, "display_name": display,
                         "role": role.value, "active": True, "db_role": None})
            self.logins[login] = next_id
            self.events.append((None, events.caseworker_added(login, role.value), self.actor,
                                self._setup_moment(len(rows))))
            next_id += 1
        if rows:
            self._insert(table, rows)
            self._write_events()
        self.summary.caseworkers = len(rows)
        self.workers = [login for login, _, role in wanted if role is Role.CASEWORKER]
        self.supervisors = [login for login, _, role in wanted if role is Role.SUPERVISOR]

    def _admin(self, login: str) -> None:
        """Register `login` as the demo's admin. After the draws, so the demo's people and
        cases are the same whoever makes it."""
        if not login:
            return
        table = Caseworker.__table__  # type: ignore[attr-defined]
        if login in self.logins:
            old = self.conn.execute(select(table.c.role).where(table.c.login == login)).scalar()
            self.conn.execute(update(table).where(table.c.login == login)
                              .values(role=Role.ADMIN.value, active=True))
            event = events.role_changed(login, str(old), Role.ADMIN.value)
        else:
            self._insert(table, [{"id": self._next_id(table), "login": login,
                                  "display_name": login, "role": Role.ADMIN.value,
                                  "active": True, "db_role": None}])
            event = events.caseworker_added(login, Role.ADMIN.value, name=login)
            self.summary.caseworkers += 1
        self.events.append((None, event, login, self.chain.at))
        self._write_events()

    def _providers(self) -> None:
        table = Provider.__table__  # type: ignore[attr-defined]
        self.providers = Providers(self.r, self._next_id(table))
        self._insert(table, self.providers.rows)
        for i, row in enumerate(self.providers.rows):
            self.events.append((None, events.provider_added(row["id"], row["name"]),
                                self.actor, self._setup_moment(600 + i)))
        alias_table = ProviderAlias.__table__  # type: ignore[attr-defined]
        next_alias = self._next_id(alias_table)
        self._insert(alias_table, [{"id": next_alias + i, **row}
                                   for i, row in enumerate(self.providers.aliases)])
        first = 600 + len(self.providers.rows)
        names = {row["id"]: row["name"] for row in self.providers.rows}
        for i, row in enumerate(self.providers.aliases):
            self.events.append((None, events.provider_alias(
                provider_id=row["provider_id"], name=names[row["provider_id"]],
                alias=row["alias"]), self.actor, self._setup_moment(first + i)))
        self._write_events()
        self.summary.providers = len(self.providers.rows)

    # -- cases -------------------------------------------------------------------------

    def _cases(self) -> None:
        plans = Planner(self.r, self.clock, self.workers, self.supervisors).plans(self.n)
        tables = {name: self._table(name) for name in ID_TABLES}
        builder = CaseBuilder(self.r, self.clock, self.seed, self.providers, self.logins,
                              self.workers, self.supervisors,
                              {name: self._next_id(t) for name, t in tables.items()})
        if self.n >= WAVE_MIN_DEMO:
            agent = next(p for p in self.providers.by_id.values()
                         if p.kind == "agent" and p.superior)
            builder.wave = Wave(agent, (self.clock.today - WAVE_DAYS) * 86400)
        at = self.clock.at
        for start in range(0, len(plans), CHUNK):
            batch: Batch = {"people": [], "cases": [], "evidence": [], "notes": [],
                            "contacts": [], "approvals": []}
            for plan in plans[start:start + CHUNK]:
                history = builder.build(plan, batch)
                case_id = batch["cases"][-1]["id"]
                self.events.extend([(case_id, event, actor, at(moment))
                                    for moment, _o, event, actor in history])
            self._insert(tables["complainant"], batch["people"])
            self._insert(tables["complaint_case"], batch["cases"])
            self._insert(tables["evidence"], batch["evidence"])
            self._insert(tables["annotation"], batch["notes"])
            self._insert(tables["contact"], batch["contacts"])
            self._insert(tables["approval_request"], batch["approvals"])
            insert_categories(self.conn, [row for case in batch["cases"]
                                          for row in rows_of(case["id"], case["categories"])])
            self._write_events()
            summary = self.summary
            summary.complainants += len(batch["people"])
            summary.cases += len(batch["cases"])
            summary.evidence += len(batch["evidence"])
            summary.annotations += len(batch["notes"])
            summary.contacts += len(batch["contacts"])
            summary.approvals += len(batch["approvals"])
            if self.progress is not None:
                self.progress(start + len(batch["cases"]), self.n)

    @staticmethod
    def _table(name: str) -> Any:
        models: dict[str, Any] = {
            "caseworker": Caseworker, "provider": Provider, "complainant": Complainant,
            "complaint_case": Case, "evidence": Evidence, "annotation": Annotation,
            "contact": Contact, "approval_request": ApprovalRequest}
        return models[name].__table__

    # -- audit chain -------------------------------------------------------------------

    def _write_events(self) -> None:
        """Chain the pending events (case by case, each case's in time order) and insert them."""
        rows_for = self.chain.rows
        rows = [rows_for(event, actor, case_id, when)
                for case_id, event, actor, when in self.events]
        self._insert(_EVENT_TABLE, rows)
        self.summary.events += len(rows)
        self.events.clear()
