"""Actions on many cases at once: each case in its own transaction, one summary.

One refusal stops nothing: the caseworker learns what was done and, for each case that
was not, why. The version given per case is the one on screen when it was marked, so a
case someone else changed meanwhile is refused (naming who), never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from workbench.errors import WorkbenchError

Selection = dict[int, int]  # case id → the version the caseworker saw
Progress = Callable[[int, int], None]


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (ref or id, why)
    refused_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{len(self.done)} 件成功"
        if self.refused:
            text += ", " + self.refusals()
        return text

    def refusals(self) -> str:
        """The refused cases and why (the first five), or "" if none was refused."""
        if not self.refused:
            return ""
        text = f"{len(self.refused)} 件被拒: " + "; ".join(
            f"{ref}: {why}" for ref, why in self.refused[:5])
        if len(self.refused) > 5:
            text += f" … (+{len(self.refused) - 5})"
        return text


def run_each(case_ids: Iterable[int], action: Callable[[int], str], *,
             progress: Progress | None = None) -> BulkResult:
    """Apply `action(case_id)` to each case; it returns what to report as done."""
    ids = list(case_ids)
    result = BulkResult()
    for count, case_id in enumerate(ids, start=1):
        try:
            done = action(case_id)
        except WorkbenchError as exc:
            result.refused.append((f"#{case_id}", exc.message))
            result.refused_ids.append(case_id)
        except Exception as exc:  # a dropped connection or one broken case: keep going
            result.refused.append((f"#{case_id}", f"{type(exc).__name__}: {exc}"))
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


def run_bulk(selection: Selection, action: Callable[[int, int], _HasRef]) -> BulkResult:
    """Apply `action(id, version)` to each marked case, in id order; report by ref."""
    return run_each(sorted(selection), lambda case_id: action(case_id, selection[case_id]).ref)
