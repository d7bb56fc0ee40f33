"""Which contact steps come before which (``contact_steps.toml``): a 催问 logged before the
转达投诉 it chases reads as a log out of order (issue 11, review 0.4)."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class ContactStep:
    code: str
    label: str
    words: tuple[str, ...]
    after: tuple[str, ...]  # the steps a contact of this one must not come before
    opens: bool = True  # False: a side's first contact is never of this step


@functools.cache
def contact_steps() -> dict[str, ContactStep]:
    """domain/contact_steps.toml, by code."""
    raw = tomllib.loads(resources.files("workbench.domain").joinpath("contact_steps.toml")
                        .read_text("utf-8"))
    steps = {code: ContactStep(code, str(entry["label"]), tuple(entry["words"]),
                               tuple(entry.get("after", ())), bool(entry.get("opens", True)))
             for code, entry in raw["step"].items()}
    for step in steps.values():
        unknown = set(step.after) - set(steps)
        if unknown:
            raise ValueError(f"contact_steps.toml: {step.code} after unknown {sorted(unknown)}")
    return steps


@functools.cache
def rank(code: str | None) -> int:
    """0 for a note of no step or a step that follows none; else one more than the
    latest step it must follow."""
    if code is None:
        return 0
    step = contact_steps()[code]
    return 1 + max((rank(c) for c in step.after), default=-1)


def step_of(note: str) -> str | None:
    """The step a contact's note names (the latest one if it names several), or None."""
    named = [code for code, step in contact_steps().items()
             if any(word in note for word in step.words)]
    return max(named, key=rank, default=None)


def out_of_order(log: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """In a contact log in time order, given as (side, note) pairs: (i, j) for each
    contact i that comes before a contact j of the same side whose step it must follow
    (j is the first such one)."""
    steps = contact_steps()
    named = [step_of(note) for _side, note in log]
    found = []
    for i, ((side, _note), code) in enumerate(zip(log, named, strict=True)):
        if code is None:
            continue
        follows = steps[code].after
        for j in range(i + 1, len(log)):
            if log[j][0] == side and named[j] in follows:
                found.append((i, j))
                break
    return found


def opening_chases(log: Sequence[tuple[str, str]]) -> list[int]:
    """In a contact log in time order, given as (side, note) pairs: the index of each
    side's first contact when its step cannot open a side's log (``opens = false``: a
    催问 of nothing the log shows)."""
    steps = contact_steps()
    seen: set[str] = set()
    found = []
    for i, (side, note) in enumerate(log):
        if side in seen:
            continue
        seen.add(side)
        code = step_of(note)
        if code is not None and not steps[code].opens:
            found.append(i)
    return found


def may_open(note: str) -> bool:
    """Whether a note's step may be a side's first contact."""
    code = step_of(note)
    return code is None or contact_steps()[code].opens


def by_step(notes: Sequence[str]) -> list[str]:
    """The notes reordered so that none comes before one it must follow (stable: notes of
    the same rank keep their order) — to lay a drawn set of notes onto a side's contacts
    in time order."""
    return sorted(notes, key=lambda note: rank(step_of(note)))
