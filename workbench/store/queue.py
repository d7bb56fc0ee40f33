"""Queue queries: a filtered, sorted window over the full case table.

Rows come from SQL by window (offset/limit), never the whole queue. A window near the
end is read in reverse order from the end, so jumping to the last page costs the same
as the first. The change marker is the audit chain's head: every change writes an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    column,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.clock import CHINA
from workbench.domain.query import DateBound, Filter, Key, Term
from workbench.store import categories, search
from workbench.store.audit import HEAD_KEY
from workbench.store.models import Case, Caseworker, Complainant, Meta, Provider

NO_DUE = "9999-12-31"
OPEN_STATUSES = {"open", "waiting"}
COUNT_CAP = 10_000  # count at most this many before the first paint; the rest in background
PRIORITY_RANK = {"urgent": 0, "high": 1, "normal": 2, "low": 3}


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    ref: str
    title: str
    opened_at: datetime
    complainant: str
    complainant_kind: str
    merchant_name: str
    provider: str
    primary_category: str
    stage: str
    status: str
    due_on: date | None
    due_estimated: bool
    assignee: str | None
    priority: str
    version: int
    provider_short: str = ""  # the registry's short name ("" when it has none)
    assignee_name: str | None = None  # the assignee's display name


def _priority_rank() -> ColumnElement[int]:
    return case(PRIORITY_RANK, value=col(Case.priority), else_=9)


# Sort keys the UI offers → the column expression. `id` breaks ties so windows are stable.
SORTS: dict[str, Any] = {
    "ref": col(Case.ref),
    "title": col(Case.title),
    "opened": col(Case.opened_at),
    "complainant": col(Complainant.name),
    "provider": col(Provider.name),
    "category": col(Case.primary_category),
    "stage": col(Case.stage),
    "due": col(Case.due_on),
    "assignee": col(Caseworker.login),
    "priority": None,  # computed: urgent first
}


@dataclass(frozen=True, slots=True)
class Scope:
    """Who is asking and when: resolves `assignee:me` and relative dates."""

    me_id: int | None
    today: date


def _date_clause(column: Any, bound: DateBound) -> ColumnElement[bool]:
    if isinstance(bound.day, date) and column is not col(Case.due_on):
        # timestamp columns: compare with the start of the day in Shanghai
        start = datetime(bound.day.year, bound.day.month, bound.day.day, tzinfo=CHINA)
        end = start + timedelta(days=1)
        ops = {"<": column < start, "<=": column < end, ">": column >= end,
               ">=": column >= start, "=": and_(column >= start, column < end)}
        return ops[bound.op]
    ops = {"<": column < bound.day, "<=": column <= bound.day, ">": column > bound.day,
           ">=": column >= bound.day, "=": column == bound.day}
    return ops[bound.op]


def _clause(term: Term, scope: Scope, dialect: str,
            common: frozenset[str]) -> ColumnElement[bool] | None:
    key = term.key
    if key is Key.STAGE:
        return col(Case.stage).in_(term.values)
    if key is Key.CATEGORY:
        # any of the case's categories, not only the primary one
        return categories.any_of(term.values)
    if key is Key.PRIORITY:
        return col(Case.priority).in_(term.values)
    if key is Key.DECISION:
        return col(Case.decision).in_(term.values)
    if key is Key.STATUS:
        if set(term.values) == OPEN_STATUSES:
            # "open" = not closed: one inequality keeps the due-date index usable
            return col(Case.status) != "closed"
        return col(Case.status).in_(term.values)
    if key is Key.PROVIDER:
        # the (few) providers by name, then their cases by the provider_id index
        named = or_(*[or_(col(Provider.name).contains(v, autoescape=True),
                          col(Provider.short_name).contains(v, autoescape=True))
                      for v in term.values])
        return col(Case.provider_id).in_(select(col(Provider.id)).where(named))
    if key is Key.REF:
        return or_(*[col(Case.ref).startswith(v.upper(), autoescape=True)
                     for v in term.values])
    if key is Key.ASSIGNEE:
        options: list[ColumnElement[bool]] = []
        for v in term.values:
            if v == "me":
                options.append(col(Case.assignee_id) == scope.me_id if scope.me_id
                               else false())
            elif v == "none":
                options.append(col(Case.assignee_id).is_(None))
            else:
                options.append(col(Caseworker.login) == v)
        return or_(*options)
    if key is Key.OVERDUE:
        return and_(col(Case.due_on) < scope.today, col(Case.status) != "closed")
    if key is Key.ESTIMATED:
        return col(Case.due_estimated) == true()  # "IS TRUE" uses no index on PostgreSQL
    if key is Key.DUE and term.bound:
        return and_(col(Case.due_on).is_not(None), _date_clause(col(Case.due_on), term.bound))
    if key is Key.OPENED and term.bound:
        return _date_clause(col(Case.opened_at), term.bound)
    if key is Key.CLOSED and term.bound:
        return _date_clause(col(Case.closed_at), term.bound)
    if key is Key.PATTERN:
        return col(Case.id).in_(term.cases) if term.cases else false()
    if key is Key.TEXT:
        return search.text_filter(dialect, " ".join(f'"{v}"' for v in term.values), common)
    return None


def where_clause(flt: Filter, scope: Scope, dialect: str,
                 common: frozenset[str] = frozenset()) -> ColumnElement[bool]:
    """All terms ANDed; negated terms wrapped in NOT (NULL-safe). `common`: short words
    found in many cases (`search.common_grams`), checked row by row."""
    clauses: list[ColumnElement[bool]] = []
    for term in flt.terms:
        clause = _clause(term, scope, dialect, common)
        if clause is None:
            continue
        # NOT over a NULL comparison is NULL; coalesce so "-assignee:x" keeps unassigned cases
        clauses.append(not_(func.coalesce(clause, false())) if term.negated else clause)
    return and_(true(), *clauses)


def _where(session: Session, flt: Filter, scope: Scope) -> ColumnElement[bool]:
    words = [v for t in flt.terms if t.key is Key.TEXT for v in t.values]
    common = frozenset(search.common_grams(session, words)) if words else frozenset()
    return where_clause(flt, scope, session.get_bind().dialect.name, common)


def _base(columns: Sequence[Any]) -> Select[Any]:
    return (select(*columns).select_from(Case)
            .join(Complainant, col(Complainant.id) == col(Case.complainant_id))
            .join(Provider, col(Provider.id) == col(Case.provider_id))
            .outerjoin(Caseworker, col(Caseworker.id) == col(Case.assignee_id)))


def needs_joins(flt: Filter, sort: str) -> bool:
    """Whether the filter or sort reads another table (most views need only cases)."""
    return sort in ("complainant", "provider", "assignee") or any(
        (t.key is Key.ASSIGNEE and any(v not in ("me", "none") for v in t.values))
        for t in flt.terms)


def _short_words(flt: Filter) -> tuple[Filter, list[str]]:
    """The filter without its (positive) 1–2 character words, and those words."""
    words: list[str] = []
    terms: list[Term] = []
    for term in flt.terms:
        if term.key is Key.TEXT and not term.negated:
            short = [v for v in term.values if len(v) < search.FTS_MIN and '"' not in v]
            words.extend(short)
            kept = tuple(v for v in term.values if v not in short)
            if kept:
                terms.append(replace(term, values=kept))
        else:
            terms.append(term)
    return Filter(tuple(terms)), words


def count(session: Session, flt: Filter, scope: Scope, cap: int | None = None) -> int:
    """How many cases match; with `cap`, stop counting after cap + 1 (i.e. "more")."""
    rest, words = _short_words(flt)
    grams = search.gram_rows(words) if cap is not None and session.get_bind().dialect.name \
        == "sqlite" else None
    rows = _base([col(Case.id)]) if needs_joins(flt, "due") \
        else select(col(Case.id)).select_from(Case)
    if grams is None:
        rows = rows.where(_where(session, flt, scope))
    else:  # driven by the gram index: a common word counts to the cap, not to the end
        driver = grams.columns(column("id")).subquery("grams")
        rows = rows.join(driver, driver.c.id == col(Case.id)).where(
            _where(session, rest, scope))
    if cap is None:
        return int(session.execute(select(func.count()).select_from(rows.subquery()))
                   .scalar_one())
    capped = rows.limit(cap + 1).subquery()
    return int(session.execute(select(func.count()).select_from(capped)).scalar_one())


def _due_sort() -> ColumnElement[Any]:
    # Cases without a due date (closed ones) sort after every dated case on both backends.
    # The expression matches the index ix_case_due_sort exactly (migration 0003).
    return func.coalesce(col(Case.due_on), literal_column(f"'{NO_DUE}'"))


def _order(sort: str, descending: bool) -> list[Any]:
    if sort == "priority":
        column = _priority_rank()
    elif sort == "due":
        column = _due_sort()
    else:
        column = SORTS[sort]
    tie = col(Case.id)
    if descending:
        return [column.desc(), tie.desc()]
    return [column.asc(), tie.asc()]


ROW_COLUMNS = (
    col(Case.id), col(Case.ref), col(Case.title), col(Case.opened_at), col(Complainant.name),
    col(Complainant.kind), col(Complainant.merchant_name), col(Provider.name),
    col(Case.primary_category), col(Case.stage), col(Case.status), col(Case.due_on),
    col(Case.due_estimated), col(Caseworker.login), col(Case.priority), col(Case.version),
    col(Provider.short_name), col(Caseworker.display_name),
)


def window(session: Session, flt: Filter, scope: Scope, *, sort: str = "due",
           descending: bool = False, offset: int = 0, limit: int = 100,
           total: int | None = None) -> list[QueueRow]:
    """Rows [offset, offset+limit) of the filtered queue in the given order.

    Two steps: the ids of the window (an index walk on the case table alone, joining only
    when the filter or sort needs it), then the row details of just those ids. With
    `total` known, a window in the second half is read backwards from the end, so the
    last page costs what the first does.
    """
    where = _where(session, flt, scope)
    offset = max(0, offset)
    reverse = total is not None and offset > total // 2
    if reverse:
        assert total is not None
        end = min(total, offset + limit)
        limit = end - offset
        if limit <= 0:
            return []
        offset = total - end
    order = _order(sort, descending != reverse)
    if needs_joins(flt, sort):
        id_query = _base([col(Case.id)])
    else:
        id_query = select(col(Case.id)).select_from(Case)
    ids = list(session.execute(
        id_query.where(where).order_by(*order).offset(offset).limit(limit)).scalars())
    if not ids:
        return []
    found = {r[0]: QueueRow(*r) for r in
             session.execute(_base(ROW_COLUMNS).where(col(Case.id).in_(ids))).all()}
    rows = [found[i] for i in ids if i in found]
    return rows[::-1] if reverse else rows


def all_ids(session: Session, flt: Filter, scope: Scope) -> dict[int, int]:
    """{id: version} of every case in the filter (for "mark all")."""
    where = _where(session, flt, scope)
    rows = session.execute(_base([col(Case.id), col(Case.version)]).where(where)).all()
    return {case_id: version for case_id, version in rows}


def change_marker(session: Session) -> str:
    """Changes whenever anything is written (every change appends an audit event)."""
    row = session.get(Meta, HEAD_KEY)
    return row.value if row else ""
