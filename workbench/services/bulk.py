"""Actions on many cases at once: each case in its own transaction, one summary.

One refusal stops nothing: the caseworker learns what was done and, for each case that
was not, why. The version given per case is the one on screen when it was marked, so a
case someone else changed meanwhile is refused (naming who), never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import select
from sqlmodel import col

from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.store.models import Case

Selection = dict[int, int]  # case id → the version the caseworker saw
Progress = Callable[[int, int], None]


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (ref, why)
    refused_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = _("{n} 件成功").format(n=len(self.done))
        if self.refused:
            text += ", " + self.refusals()
        return text

    def refusals(self) -> str:
        """The refused cases and why (the first five), or "" if none was refused."""
        if not self.refused:
            return ""
        text = _("{n} 件被拒: ").format(n=len(self.refused)) + "; ".join(
            refusal_line(ref, why) for ref, why in self.refused[:5])
        if len(self.refused) > 5:
            text += f" … (+{len(self.refused) - 5})"
        return text


def refusal_line(ref: str, why: str) -> str:
    """One refused case for a summary: its ref once (most refusals already start with it)."""
    return why if why.startswith(ref) else f"{ref}: {why}"


def case_refs(wb: Workbench, case_ids: Iterable[int]) -> dict[int, str]:
    """The public refs of the cases: what a caseworker reads, never the database ids."""
    ids = list(case_ids)
    with wb.store.session() as session:
        rows = session.execute(select(col(Case.id), col(Case.ref))
                               .where(col(Case.id).in_(ids))).all()
    return {case_id: ref for case_id, ref in rows}


def run_each(wb: Workbench, case_ids: Iterable[int], action: Callable[[int], str], *,
             progress: Progress | None = None) -> BulkResult:
    """Apply `action(case_id)` to each case; it returns what to report as done. A refused
    case is reported by its ref (read before the batch: the database may go away in it)."""
    ids = list(case_ids)
    refs = case_refs(wb, ids)
    result = BulkResult()
    for count, case_id in enumerate(ids, start=1):
        ref = refs.get(case_id, _("未知案件"))
        try:
            done = action(case_id)
        except WorkbenchError as exc:
            result.refused.append((ref, exc.message))
            result.refused_ids.append(case_id)
        except Exception as exc:  # a dropped connection or one broken case: keep going
            result.refused.append((ref, f"{type(exc).__name__}: {exc}"))
            result.refused_ids.append(case_id)
        else:
            result.done.append(done)
        if progress is not None:
            try:
                progress(count, len(ids))
            except Exception:  # a progress display going away must not stop the batch
                progress = None
    return result


class _HasRef(Protocol):
    @property
    def ref(self) -> str: ...


def run_bulk(wb: Workbench, selection: Selection,
             action: Callable[[int, int], _HasRef]) -> BulkResult:
    """Apply `action(id, version)` to each marked case, in id order; report by ref."""
    return run_each(wb, sorted(selection),
                    lambda case_id: action(case_id, selection[case_id]).ref)
