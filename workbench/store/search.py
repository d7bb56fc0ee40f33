"""Chinese full-text search over titles, narratives, names and annotations.

SQLite: an FTS5 table with the `trigram` tokenizer answers queries of 3+ characters from
its index; shorter terms scan it with `instr` (FTS5's own LIKE support returns nothing for
1–2 character non-ASCII patterns on SQLite 3.40). PostgreSQL: a `pg_trgm` GIN index
serves `ILIKE '%term%'`. One row per case, rebuilt whenever the case's text changes.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from workbench.store.models import Case

# Names Alembic autogenerate must leave alone (created by hand in migrations).
SEARCH_OBJECTS = ("case_fts", "case_search")

FTS_MIN = 3  # trigram: shorter terms cannot use the index


def build_document(parts: Iterable[str | None]) -> str:
    """The text a case is found by; newlines keep fields from forming false matches."""
    return "\n".join(p for p in parts if p)


def index_case(session: Session, case_id: int, document: str) -> None:
    """Replace the search row of one case (inside the caller's transaction)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM case_fts WHERE rowid = :id"), {"id": case_id})
        session.execute(text("INSERT INTO case_fts(rowid, doc) VALUES (:id, :doc)"),
                        {"id": case_id, "doc": document})
    else:
        session.execute(
            text("INSERT INTO case_search(case_id, doc) VALUES (:id, :doc) "
                 "ON CONFLICT (case_id) DO UPDATE SET doc = EXCLUDED.doc"),
            {"id": case_id, "doc": document},
        )


def insert_many_sql(dialect: str) -> str:
    """Bulk insert statement for fresh rows (demo generation); params: id, doc."""
    if dialect == "sqlite":
        return "INSERT INTO case_fts(rowid, doc) VALUES (:id, :doc)"
    return "INSERT INTO case_search(case_id, doc) VALUES (:id, :doc)"


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
            where.append(f"instr(lower(doc), :s{i}) > 0")
        sql = "SELECT rowid FROM case_fts WHERE " + " AND ".join(where)
    else:
        clauses = []
        for i, term in enumerate(terms):
            params[f"t{i}"] = f"%{_like_escape(term)}%"
            clauses.append(f"doc ILIKE :t{i}")
        sql = "SELECT case_id FROM case_search WHERE " + " AND ".join(clauses)
    return text(sql).bindparams(**params)


def text_filter(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A WHERE clause on `Case.id` for a free-text query, or None when it is empty."""
    sub = matching_case_ids(dialect, split_terms(query))
    if sub is None:
        return None
    return and_(Case.id.in_(sub))  # type: ignore[union-attr]
