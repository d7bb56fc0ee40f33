"""Chinese full-text search over titles, narratives, names and annotations.

Each case has one search row in two parts: the *head* (ref, title, names, provider,
terminal SN: short) and the *body* (narrative, annotations, evidence titles: long).

SQLite: an FTS5 table with the `trigram` tokenizer answers terms of 3+ characters from
its index over both parts. Shorter terms cannot use a trigram index (and FTS5's own LIKE
returns nothing for 1–2 character non-ASCII patterns on SQLite 3.40), so they scan the
head only with `instr`: a surname or a two-character provider word is found at once
instead of reading every narrative. PostgreSQL: the same split, `pg_trgm` GIN indexes
serving `ILIKE '%term%'`. Rebuilt whenever the case's text changes.
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from sqlmodel import col

from workbench.store.models import Annotation, Case, Complainant, Evidence, Provider

# Names Alembic autogenerate must leave alone (created by hand in migrations).
SEARCH_OBJECTS = ("case_fts", "case_search")

FTS_MIN = 3  # trigram: shorter terms cannot use the index


def build_document(head: Iterable[str | None], body: Iterable[str | None]) -> dict[str, str]:
    """The search row's parameters; newlines keep fields from forming false matches."""
    return {"head": "\n".join(p for p in head if p), "body": "\n".join(p for p in body if p)}


def index_case(session: Session, case_id: int, document: dict[str, str]) -> None:
    """Replace the search row of one case (inside the caller's transaction)."""
    params = {"id": case_id, **document}
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM case_fts WHERE rowid = :id"), {"id": case_id})
        session.execute(text(insert_many_sql("sqlite")), params)
    else:
        session.execute(
            text(insert_many_sql("postgresql") + " ON CONFLICT (case_id) DO UPDATE SET "
                 "head = EXCLUDED.head, body = EXCLUDED.body"), params)


def index_new(session: Session, documents: Sequence[tuple[int, dict[str, str]]]) -> None:
    """The search rows of new cases (no row yet), in one statement for the batch."""
    if documents:
        session.execute(text(insert_many_sql(session.get_bind().dialect.name)),
                        [{"id": case_id, **document} for case_id, document in documents])


def insert_many_sql(dialect: str) -> str:
    """Insert statement for fresh rows (also bulk, in demo generation); params id, head, body."""
    if dialect == "sqlite":
        return "INSERT INTO case_fts(rowid, head, body) VALUES (:id, :head, :body)"
    return "INSERT INTO case_search(case_id, head, body) VALUES (:id, :head, :body)"


REBUILD_CHUNK = 5000  # cases read and indexed per statement


def rebuild(session: Session) -> int:
    """Rebuild every search structure from the case table, inside the caller's transaction:
    the rows `index_case` writes (head: ref, title, terminal, names, provider; body: the
    narrative, then the notes, then the evidence titles, each in id order). Used once after
    a bulk load (the demo) instead of one write per case. Returns how many cases."""
    dialect = session.get_bind().dialect.name
    session.execute(text("DELETE FROM case_fts" if dialect == "sqlite"
                         else "DELETE FROM case_search"))
    insert = text(insert_many_sql(dialect))
    head = (select(col(Case.id), col(Case.ref), col(Case.title), col(Case.terminal_sn),
                   col(Complainant.name), col(Complainant.merchant_name), col(Provider.name),
                   col(Provider.short_name), col(Case.narrative))
            .outerjoin(Complainant, col(Complainant.id) == col(Case.complainant_id))
            .outerjoin(Provider, col(Provider.id) == col(Case.provider_id))
            .order_by(col(Case.id)).limit(REBUILD_CHUNK))
    done, last = 0, 0
    while cases := session.execute(head.where(col(Case.id) > last)).all():
        first, last = cases[0][0] or 0, cases[-1][0] or 0  # ids of stored rows: never None
        texts: dict[int | None, list[str]] = defaultdict(list)
        for column, owner, order in (
                (col(Annotation.body), col(Annotation.case_id), col(Annotation.id)),
                (col(Evidence.title), col(Evidence.case_id), col(Evidence.id))):
            for case_id, value in session.execute(
                    select(owner, column).where(owner.between(first, last)).order_by(order)):
                texts[case_id].append(value)
        session.execute(insert, [{"id": row[0], **build_document(
            row[1:8], [row[8], *texts[row[0]]])} for row in cases])
        done += len(cases)
    return done


def split_terms(query: str) -> list[str]:
    """Whitespace-separated terms; quoted phrases stay one term. Never raises."""
    try:
        terms = shlex.split(query, posix=True)
    except ValueError:  # an unbalanced quote: treat the text literally
        terms = query.replace('"', " ").replace("'", " ").split()
    return [t for t in (term.strip() for term in terms) if t]


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def matching_case_ids(dialect: str, terms: Sequence[str]) -> TextClause | None:
    """A subquery of case ids whose text contains every term, or None for no terms."""
    if not terms:
        return None
    params: dict[str, str] = {}
    if dialect == "sqlite":
        long_terms = [t for t in terms if len(t) >= FTS_MIN]
        short_terms = [t for t in terms if len(t) < FTS_MIN]
        where: list[str] = []
        if long_terms:
            params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            where.append("case_fts MATCH :match")
        for i, term in enumerate(short_terms):
            params[f"s{i}"] = term.lower()
            where.append(f"instr(lower(head), :s{i}) > 0")
        sql = "SELECT rowid FROM case_fts WHERE " + " AND ".join(where)
    else:
        clauses = []
        for i, term in enumerate(terms):
            params[f"t{i}"] = f"%{_like_escape(term)}%"
            if len(term) >= FTS_MIN:
                clauses.append(f"(head ILIKE :t{i} OR body ILIKE :t{i})")
            else:
                clauses.append(f"head ILIKE :t{i}")
        sql = "SELECT case_id FROM case_search WHERE " + " AND ".join(clauses)
    # unique: several text clauses (one per negated or quoted term) share these names
    return text(sql).bindparams(*(bindparam(k, v, unique=True) for k, v in params.items()))


def text_filter(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE clause on `Case.id` for a free-text query, or None when it is empty."""
    sub = matching_case_ids(dialect, split_terms(query))
    if sub is None:
        return None
    return and_(Case.id.in_(sub))  # type: ignore[union-attr]
