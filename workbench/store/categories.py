"""The case_category junction table: each category of a case as a row, so `cat:` is an
index lookup. `Case.categories` (the ordered JSON list) stays the source; these rows follow
it wherever it is written (a new case, an edit, a correction, a merge, the demo)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, insert, select
from sqlmodel import col

from workbench.store.models import Case, CaseCategory
from workbench.store.search import Executor


def rows_of(case_id: int, categories: Iterable[str]) -> list[dict[str, Any]]:
    return [{"case_id": case_id, "category": c} for c in dict.fromkeys(categories)]


def insert_categories(executor: Executor, rows: Sequence[dict[str, Any]]) -> None:
    """Rows of new cases ({"case_id", "category"}, from `rows_of`), in one statement."""
    if rows:
        executor.execute(insert(CaseCategory), list(rows))


def set_categories(executor: Executor, case_id: int, categories: Iterable[str]) -> None:
    """Replace one case's rows with its current categories."""
    executor.execute(delete(CaseCategory).where(col(CaseCategory.case_id) == case_id))
    insert_categories(executor, rows_of(case_id, categories))


def any_of(codes: Sequence[str]) -> ColumnElement[bool]:
    """Cases with any of these categories: an index probe per case along the queue's order
    (the first page of a common category at once), or a semi-join where the planner likes."""
    return exists(select(col(CaseCategory.case_id)).where(
        col(CaseCategory.case_id) == col(Case.id), col(CaseCategory.category).in_(codes)))
