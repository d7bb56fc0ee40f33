"""Chinese full-text search over titles, narratives, names and annotations.

Each case has one search row in two parts: the *head* (ref, title, names, provider,
terminal SN: short) and the *body* (narrative, annotations, evidence titles: long).

SQLite: an FTS5 table with the `trigram` tokenizer answers terms of 3+ characters from
its index over both parts. PostgreSQL: `pg_trgm` GIN indexes serving `ILIKE '%term%'`.

Shorter terms (a surname, 跳码, the `s` of `stage:`) search the head only, and no trigram
index can serve them: every 1- and 2-character piece of the head (`grams`) is indexed
instead — SQLite: a contentless FTS5 table `case_grams` (one hex token per gram,
`detail=none`: rowids only); PostgreSQL: a `text[]` column of `case_search` under a GIN
index. A gram found in most cases (`ts`, `2`) is not looked up as a list of ids on
SQLite — the queue walks its sort index and checks each row's head, which finds the first
page at once. Rebuilt whenever the case's text changes.
"""

from __future__ import annotations

import shlex
import string
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, bindparam, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause
from sqlmodel import col

from workbench.store.models import Annotation, Case, Complainant, Evidence, Provider

# Names Alembic autogenerate must leave alone (created by hand in migrations).
SEARCH_OBJECTS = ("case_fts", "case_search", "case_grams")

FTS_MIN = 3  # trigram: shorter terms cannot use the index
# A short term matching at least this many cases is checked row by row along the queue's
# order instead of collecting every id first (SQLite; PostgreSQL's planner has statistics).
COMMON_GRAM = 20_000

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class Executor(Protocol):
    """A Session or a Connection: what the search rows are written through."""

    def execute(self, statement: Any, parameters: Any = ..., /) -> Any: ...


def fold(value: str) -> str:
    """ASCII case folded, as SQLite's lower() does (other letters unchanged)."""
    return value.translate(_ASCII_LOWER)


def grams(head: str) -> list[str]:
    """Every 1- and 2-character piece of the head, ASCII folded; none spans two fields or
    white space. A term of one or two characters is in the head iff it is one of them."""
    found: dict[str, None] = {}
    for line in fold(head).split("\n"):
        found.update(dict.fromkeys(_line_grams(line)))
    return list(found)


def _line_grams(line: str) -> list[str]:
    """The grams of one folded line, in order of first appearance."""
    found: dict[str, None] = {}
    for i, char in enumerate(line):
        if char.isspace():
            continue
        found[char] = None
        after = line[i + 1:i + 2]
        if after and not after.isspace():
            found[char + after] = None
    return list(found)


def gram_token(gram: str) -> str:
    """One FTS5 token per gram (hex code points: no tokenizer splits or folds it)."""
    return "".join(f"{ord(char):06x}" for char in gram)


class GramTexts:
    """`gram_text` for many heads (a rebuild, a migration): the tokens of each distinct
    field (a provider's name, a title, a surname) are worked out once, not once per case.
    Refs and terminal SNs never repeat: the cache is emptied when it reaches `limit` lines,
    so a million-case rebuild keeps only the current chunk's."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._lines: dict[str, list[str]] = {}

    def __call__(self, head: str) -> str:
        lines = self._lines
        found: dict[str, None] = {}
        for line in fold(head).split("\n"):
            tokens = lines.get(line)
            if tokens is None:
                if len(lines) >= self.limit:
                    lines.clear()
                tokens = lines[line] = [gram_token(g) for g in _line_grams(line)]
            found.update(dict.fromkeys(tokens))
        return " ".join(found)


def gram_text(head: str) -> str:
    return " ".join(gram_token(g) for g in grams(head))


def build_document(head: Iterable[str | None], body: Iterable[str | None]) -> dict[str, str]:
    """The search row's parameters; newlines keep fields from forming false matches."""
    return {"head": "\n".join(p for p in head if p), "body": "\n".join(p for p in body if p)}


def index_case(session: Session, case_id: int, document: dict[str, str]) -> None:
    """Replace the search rows of one case (inside the caller's transaction)."""
    params = {"id": case_id, **document}
    if session.get_bind().dialect.name == "sqlite":
        old = session.execute(text("SELECT head FROM case_fts WHERE rowid = :id"),
                              {"id": case_id}).scalar()
        if old is not None:  # a contentless table forgets a row given its old text only
            session.execute(text("INSERT INTO case_grams(case_grams, rowid, grams) "
                                 "VALUES ('delete', :id, :grams)"),
                            {"id": case_id, "grams": gram_text(old)})
        session.execute(text("DELETE FROM case_fts WHERE rowid = :id"), {"id": case_id})
        insert_rows(session, "sqlite", [params])
    else:
        session.execute(
            text(insert_many_sql("postgresql") + " ON CONFLICT (case_id) DO UPDATE SET "
                 "head = EXCLUDED.head, body = EXCLUDED.body, grams = EXCLUDED.grams"),
            _with_grams("postgresql", [params]))


def index_new(session: Session, documents: Sequence[tuple[int, dict[str, str]]]) -> None:
    """The search rows of new cases (no row yet), in one statement for the batch."""
    insert_rows(session, session.get_bind().dialect.name,
                [{"id": case_id, **document} for case_id, document in documents])


def insert_rows(executor: Executor, dialect: str, rows: Sequence[dict[str, Any]],
                texts: GramTexts | None = None) -> None:
    """Fresh search rows (also bulk, in demo generation): each row's id, head and body.
    `texts`: a gram cache kept across the calls of one rebuild."""
    if not rows:
        return
    with_grams = _with_grams(dialect, rows, texts)
    executor.execute(text(insert_many_sql(dialect)), with_grams)
    if dialect == "sqlite":
        executor.execute(text("INSERT INTO case_grams(rowid, grams) VALUES (:id, :grams)"),
                         with_grams)


def _with_grams(dialect: str, rows: Sequence[dict[str, Any]],
                texts: GramTexts | None = None) -> list[dict[str, Any]]:
    if dialect == "sqlite":
        to_text = texts or gram_text
        return [{**row, "grams": to_text(row["head"])} for row in rows]
    return [{**row, "grams": grams(row["head"])} for row in rows]


def insert_many_sql(dialect: str) -> str:
    """Insert statement for fresh rows of the main table; params id, head, body (, grams)."""
    if dialect == "sqlite":
        return "INSERT INTO case_fts(rowid, head, body) VALUES (:id, :head, :body)"
    return ("INSERT INTO case_search(case_id, head, body, grams) "
            "VALUES (:id, :head, :body, :grams)")


def case_document(case: Case, complainant: Complainant | None, provider: Provider | None,
                  texts: Sequence[str] = ()) -> dict[str, str]:
    """Everything a case is found by (`texts`: its notes and evidence titles)."""
    return build_document(
        [case.ref, case.title, case.terminal_sn,
         complainant.name if complainant else "",
         complainant.merchant_name if complainant else "",
         provider.name if provider else "", provider.short_name if provider else ""],
        [case.narrative, *texts],
    )


REBUILD_CHUNK = 5000  # cases read and indexed per statement


def rebuild(session: Session) -> int:
    """Rebuild every search structure from the case table, inside the caller's transaction:
    the rows `index_case` writes (head: ref, title, terminal, names, provider; body: the
    narrative, then the notes, then the evidence titles, each in id order). Used once after
    a bulk load (the demo) instead of one write per case. Returns how many cases."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("DELETE FROM case_fts"))
        session.execute(text("INSERT INTO case_grams(case_grams) VALUES ('delete-all')"))
    else:
        session.execute(text("DELETE FROM case_search"))
    head = (select(col(Case.id), col(Case.ref), col(Case.title), col(Case.terminal_sn),
                   col(Complainant.name), col(Complainant.merchant_name), col(Provider.name),
                   col(Provider.short_name), col(Case.narrative))
            .outerjoin(Complainant, col(Complainant.id) == col(Case.complainant_id))
            .outerjoin(Provider, col(Provider.id) == col(Case.provider_id))
            .order_by(col(Case.id)).limit(REBUILD_CHUNK))
    done, last = 0, 0
    gram_texts = GramTexts()
    while cases := session.execute(head.where(col(Case.id) > last)).all():
        first, last = cases[0][0] or 0, cases[-1][0] or 0  # ids of stored rows: never None
        texts: dict[int | None, list[str]] = defaultdict(list)
        for column, owner, order in (
                (col(Annotation.body), col(Annotation.case_id), col(Annotation.id)),
                (col(Evidence.title), col(Evidence.case_id), col(Evidence.id))):
            for case_id, value in session.execute(
                    select(owner, column).where(owner.between(first, last)).order_by(order)):
                texts[case_id].append(value)
        insert_rows(session, dialect, [{"id": row[0], **build_document(
            row[1:8], [row[8], *texts[row[0]]])} for row in cases], gram_texts)
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
    params: dict[str, Any] = {}
    long_terms = [t for t in terms if len(t) >= FTS_MIN]
    short_terms = list(dict.fromkeys(fold(t) for t in terms if len(t) < FTS_MIN))
    if dialect == "sqlite":
        parts: list[str] = []
        if long_terms:
            params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            parts.append("SELECT rowid FROM case_fts WHERE case_fts MATCH :match")
        if short_terms:
            params["grams"] = " AND ".join(gram_token(t) for t in short_terms)
            parts.append("SELECT rowid FROM case_grams WHERE case_grams MATCH :grams")
        sql = " INTERSECT ".join(parts)
    else:
        clauses = []
        for i, term in enumerate(long_terms):
            params[f"t{i}"] = f"%{_like_escape(term)}%"
            clauses.append(f"(head ILIKE :t{i} OR body ILIKE :t{i})")
        if short_terms:
            params["grams"] = short_terms
            clauses.append("grams @> CAST(:grams AS text[])")
        sql = "SELECT case_id FROM case_search WHERE " + " AND ".join(clauses)
    # unique: several text clauses (one per negated or quoted term) share these names
    return text(sql).bindparams(*(bindparam(k, v, unique=True) for k, v in params.items()))


def gram_rows(words: Sequence[str]) -> TextClause | None:
    """SQLite: the ids (column `id`) of cases holding every short word, read from the gram
    index in id order — a capped count stops early instead of collecting them all."""
    short = list(dict.fromkeys(fold(w) for w in words if len(w) < FTS_MIN))
    if not short:
        return None
    return text("SELECT rowid AS id FROM case_grams WHERE case_grams MATCH :grams").bindparams(
        bindparam("grams", " AND ".join(gram_token(t) for t in short), unique=True))


def common_grams(session: Session, terms: Sequence[str]) -> set[str]:
    """The short terms found in at least COMMON_GRAM cases (SQLite; a bounded count)."""
    if session.get_bind().dialect.name != "sqlite":
        return set()
    common = set()
    for term in {fold(t) for t in terms if len(t) < FTS_MIN}:
        found = session.execute(text(
            "SELECT count(*) FROM (SELECT rowid FROM case_grams WHERE case_grams MATCH :g "
            "LIMIT :n)"), {"g": gram_token(term), "n": COMMON_GRAM}).scalar_one()
        if found >= COMMON_GRAM:
            common.add(term)
    return common


def _head_contains(term: str) -> ColumnElement[bool]:
    """The case's own head checked for a common short term (one row read per case)."""
    return and_(text("EXISTS (SELECT 1 FROM case_fts WHERE case_fts.rowid = complaint_case.id "
                     "AND instr(lower(case_fts.head), :s) > 0)")
                .bindparams(bindparam("s", term, unique=True)))


def text_filter(dialect: str, query: str,
                common: set[str] | frozenset[str] = frozenset()) -> ColumnElement[bool] | None:
    """A WHERE clause on `Case.id` for a free-text query, or None when it is empty.
    `common` (from `common_grams`): short terms checked per row rather than by id list."""
    terms = split_terms(query)
    probed = [t for t in terms if len(t) < FTS_MIN and fold(t) in common]
    listed = [t for t in terms if t not in probed]
    clauses = [_head_contains(fold(t)) for t in dict.fromkeys(probed)]
    sub = matching_case_ids(dialect, listed)
    if sub is not None:
        clauses.append(Case.id.in_(sub))  # type: ignore[union-attr]
    if not clauses:
        return None
    return and_(*clauses)
