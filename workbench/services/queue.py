"""The case queue: saved views, filters, windows and bulk actions."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.config import SavedView
from workbench.domain.ladder import Priority, Role
from workbench.domain.query import Filter, Key, parse_filter
from workbench.i18n import NP_, pgettext
from workbench.services import cases
from workbench.services.bulk import BulkResult, Selection, run_bulk
from workbench.services.context import Workbench
from workbench.store import queue as q
from workbench.store.engine import driver_connection, interrupt
from workbench.store.models import Case, Caseworker

QueueRow = q.QueueRow
# Who is asking and on which day: screens hold one between queries and never look inside.
Scope = q.Scope
SORT_KEYS = tuple(q.SORTS)


@dataclass(frozen=True, slots=True)
class View:
    name: str
    filter: str
    builtin: bool = True
    short: str = ""  # the view bar's name at 80 columns

    @property
    def title(self) -> str:
        """The name the screen shows (a built-in view's in the current language)."""
        return pgettext("view", self.name) if self.builtin else self.name

    @property
    def short_title(self) -> str:
        """The name at 80 columns: the declared short name, else the first characters."""
        return pgettext("view short", self.short) if self.short else self.title[:2]


# Contexts "view" and "view short": a view's names are not the same words elsewhere (结案 is
# "Closed" here, the "closed" of a sentence in feedback; 全部 "All cases" and, short, "All").
BUILTIN_VIEWS: tuple[View, ...] = (
    View(NP_("view", "我的待办"), "assignee:me status:open", short=NP_("view short", "我的")),
    View(NP_("view", "未分配"), "assignee:none status:open", short=NP_("view short", "待派")),
    View(NP_("view", "已逾期"), "overdue", short=NP_("view short", "逾期")),
    View(NP_("view", "本周到期"), "status:open due:<=week", short=NP_("view short", "本周")),
    View(NP_("view", "等服务商"), "stage:provider|superior status:waiting",
         short=NP_("view short", "待复")),
    View(NP_("view", "本月结案"), "status:closed closed:>=month", short=NP_("view short", "结案")),
    View(NP_("view", "全部"), "", short=NP_("view short", "全部")),
    View(NP_("view", "待受理"), "decision:pending status:open", short=NP_("view short", "受理")),
)


@dataclass(frozen=True, slots=True)
class Page:
    """One consistent read: the change marker, the total and the window around the cursor."""

    marker: str
    total: int
    offset: int
    rows: list[QueueRow]
    exact: bool = True  # False: at least `total` cases match; the exact count follows


class QueryGate:
    """One query at a time: starting a new one interrupts the one still running.

    Typing in the filter starts a query per keystroke; a slow early one (a one-character
    scan) must not keep the CPU and a connection busy after the user typed on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: object | None = None  # the driver connection of the running query

    @contextlib.contextmanager
    def session(self, wb: Workbench) -> Iterator[Session]:
        with wb.store.session() as session:
            # checked out here, in the thread that owns the session
            raw = driver_connection(session)
            with self._lock:
                previous, self._running = self._running, raw
                if previous is not None:
                    # still registered, so still inside its query: safe to interrupt
                    interrupt(previous)
            try:
                yield session
            finally:
                with self._lock:
                    if self._running is raw:
                        self._running = None


class Superseded(Exception):
    """The query was interrupted because a newer one started."""


def load_page(wb: Workbench, gate: QueryGate, flt: Filter, where: Scope, *, sort: str,
              descending: bool, cursor: int, limit: int) -> Page:
    """Marker, count and the window holding `cursor`, read in one session."""
    try:
        with gate.session(wb) as session:
            marker = q.change_marker(session)
            # A capped count keeps every keystroke fast on a million cases; the screen
            # asks for the exact number afterwards, off the critical path.
            total = q.count(session, flt, where, cap=q.COUNT_CAP)
            exact = total <= q.COUNT_CAP
            offset = min(cursor, max(total - 1, 0)) // limit * limit
            rows = q.window(session, flt, where, sort=sort, descending=descending,
                            offset=offset, limit=limit, total=total if exact else None)
    except OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise Superseded from exc
        raise
    except DBAPIError as exc:
        if "cancel" in str(exc).lower():
            raise Superseded from exc
        raise
    return Page(marker, total, offset, rows, exact)


def all_views(saved: Iterable[SavedView]) -> list[View]:
    return [*BUILTIN_VIEWS, *(View(v.name, v.filter, builtin=False) for v in saved)]


def combine(view: View, extra: str) -> str:
    """The text a view's filter and the user's filter make together."""
    return " ".join(part for part in (view.filter, extra.strip()) if part)


def parse(wb: Workbench, text: str) -> Filter:
    """Parse a filter; raises workbench.domain.query.FilterError on a mistake. A
    `pattern:` term gets its alerts' cases (services.patterns, cached)."""
    flt = parse_filter(text, wb.today())
    if not any(t.key is Key.PATTERN for t in flt.terms):
        return flt  # the detector (and the filings code it reads) loads on first use only
    from workbench.services.patterns import resolve_filter

    return resolve_filter(wb, flt)


def scope(wb: Workbench, current: Scope | None = None) -> Scope:
    """The scope queries run in: `current` if it is still today's, else a fresh one."""
    if current is not None and current.today == wb.today():
        return current
    with wb.store.session() as session:
        me = session.execute(
            select(col(Caseworker.id)).where(col(Caseworker.login) == wb.actor)
        ).scalar_one_or_none()
    return Scope(me_id=me, today=wb.today())


def count(wb: Workbench, flt: Filter, where: Scope, gate: QueryGate | None = None) -> int:
    """The exact number of cases in a filter (interruptible through `gate`)."""
    if gate is None:
        with wb.store.session() as session:
            return q.count(session, flt, where)
    try:
        with gate.session(wb) as session:
            return q.count(session, flt, where)
    except OperationalError as exc:
        if "interrupt" in str(exc).lower():
            raise Superseded from exc
        raise


def window(wb: Workbench, flt: Filter, where: Scope, *, sort: str, descending: bool,
           offset: int, limit: int, total: int | None) -> list[QueueRow]:
    with wb.store.session() as session:
        return q.window(session, flt, where, sort=sort, descending=descending,
                        offset=offset, limit=limit, total=total)


def ids(wb: Workbench, flt: Filter, where: Scope) -> dict[int, int]:
    """{case id: version} of every case in the filter (what "mark all" marks)."""
    with wb.store.session() as session:
        return q.all_ids(session, flt, where)


def is_stale(wb: Workbench, current: Scope | None) -> bool:
    """Whether the day changed since `current` was made (relative filters moved on)."""
    return current is not None and current.today != wb.today()


def change_marker(wb: Workbench) -> str:
    with wb.store.session() as session:
        return q.change_marker(session)


@dataclass(frozen=True, slots=True)
class RefMatch:
    """A case a typed (partial) ref names, for the `:` jump."""

    id: int
    ref: str
    title: str
    note: str = ""  # "TS-… 已并入 TS-…": the typed ref was merged into this case


MAX_REF_MATCHES = 20


def find_refs(wb: Workbench, typed: str) -> list[RefMatch]:
    """The cases `typed` names, newest ref first (at most MAX_REF_MATCHES): the whole ref;
    a number alone means this year's case with that number, else any year's; otherwise
    every ref that contains the text (e.g. "2025-0007")."""
    text = typed.strip().upper()
    if not text:
        return []
    number = f"-{int(text):06d}" if text.isdigit() else ""
    with wb.store.session() as session:
        def matching(where: Any) -> list[RefMatch]:
            out: dict[int, RefMatch] = {}
            for named in session.execute(select(Case).where(where).order_by(
                    col(Case.ref).desc()).limit(MAX_REF_MATCHES)).scalars():
                case = cases.merged_target(session, named)  # a merged-away ref redirects
                assert case.id is not None
                note = cases.merged_note(named.ref, case.ref) if case is not named else ""
                if case.id not in out or not note:
                    out[case.id] = RefMatch(case.id, case.ref, case.title, note)
            return list(out.values())

        this_year = f"{cases.REF_PREFIX}-{wb.today().year}{number}"
        found = matching(col(Case.ref) == (this_year if number else text))
        if not found and number:  # another year's case with that number
            found = matching(col(Case.ref).endswith(number))
        if not found:
            found = matching(col(Case.ref).contains(text, autoescape=True))
    return found


# who may take cases: 经办人 and 负责人; an admin account (root, the demo's creator) is not
TAKES_CASES = (Role.CASEWORKER.value, Role.SUPERVISOR.value)


def caseworkers(wb: Workbench) -> list[tuple[str, str]]:
    """(login, display name) of the active caseworkers and supervisors with a name of their
    own (an OS account registered under its login, such as `demo`, is not offered), for
    the assign picker."""
    with wb.store.session() as session:
        rows = session.execute(
            select(col(Caseworker.login), col(Caseworker.display_name))
            .where(col(Caseworker.active).is_(True), col(Caseworker.role).in_(TAKES_CASES))
            .order_by(col(Caseworker.login))
        ).all()
    return [(login, name) for login, name in rows if name and name != login]


def bulk_assign(wb: Workbench, selection: Selection, login: str | None) -> BulkResult:
    """Assign every selected case to `login` (None: unassign)."""
    return run_bulk(wb, selection, lambda i, v: cases.assign_case(wb, i, v, login))


def bulk_priority(wb: Workbench, selection: Selection, priority: Priority) -> BulkResult:
    """Set the priority of every selected case."""
    return run_bulk(wb, selection,
                    lambda i, v: cases.edit_case(wb, i, v, {"priority": priority.value}))
