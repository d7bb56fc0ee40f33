"""Where a filing's title breaks into lines (GB/T 9704-2012 §7.3.3: 回行时要做到词意完整，
排列对称，长短适宜): a title is built from parts we know — 关于 · the verb · a provider's
name · the subject · 的函 — and breaks between them; inside a provider's name only after its
行政区划, its 字号 or its 组织形式 (``titles.toml``); inside free text (a case's own
title) after a mark, else never inside a word of ``titles.toml``'s list. The lines are
measured the way ``filings.fit`` measures text (a Chinese character one em), balanced, and
a three-line title is a 菱形 or 梯形, never an hourglass.
"""

from __future__ import annotations

import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from workbench.filings.fit import em_width

MAX_LINES = 3
SLACK_EM = 0.5  # a line is kept this far inside the measure: the Latin widths are estimates
PartKind = Literal["phrase", "name", "free"]
# a line never starts with a closing mark, never ends with an opening one (避头尾)
_CLOSING = set("，。、；：？！）》」』”’")
_OPENING = set("（《「『“‘")
_MARKS = set("，、；：")
_LATIN = re.compile(r"[0-9A-Za-z]")
_AFTER = set("的")  # a line may end after these function words
_BEFORE = set("和与及并且或")  # and start before these

# how bad a break is: between parts, inside a name or after a mark, anywhere else
BETWEEN, INSIDE, ANYWHERE = 0, 1, 3


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a title: a fixed phrase (kept whole), a provider's name, or free text."""
    text: str
    kind: PartKind = "phrase"


def name_part(text: str) -> Part:
    return Part(text, "name")


def free_part(text: str) -> Part:
    return Part(text, "free")


def demand_subjects(demands: Iterable[str]) -> list[str]:
    """The disputes the demands name that no category does (titles.toml
    [[demand_subject]]), in the table's order: the case's lead dispute."""
    texts = list(demands)
    return [str(row["subject"]) for row in _words().get("demand_subject", ())
            if any(word in text for text in texts for word in row["words"])]


@functools.cache
def _words() -> dict[str, Any]:
    return tomllib.loads(resources.files("workbench.filings").joinpath("titles.toml")
                         .read_text("utf-8"))


def never_split() -> tuple[str, ...]:
    """The words a title line never ends inside (titles.toml)."""
    return tuple(_words()["words"]["never_split"])


def name_breaks(text: str) -> list[int]:
    """Where a provider's name may end a line: after its 行政区划 (each level), after its
    字号 (before the 行业 words) and after its 组织形式 (before a branch's own name)."""
    data = _words()["name"]
    forms = sorted(data["forms"], key=len, reverse=True)
    found = [(text.find(f), f) for f in forms if f in text]
    if not found:
        return _place_breaks(text, len(text), data["places"])
    at, form = min(found, key=lambda x: (x[0], -len(x[1])))
    cuts = [at + len(form)] if at + len(form) < len(text) else []
    trade_start = at
    trades = sorted(data["trades"], key=len, reverse=True)
    while True:  # strip the 行业 words from the end of what comes before the form
        word = next((t for t in trades if text[:trade_start].endswith(t)
                     and trade_start - len(t) >= 2), None)
        if word is None:
            break
        trade_start -= len(word)
    if trade_start < at:
        cuts.append(trade_start)
    cuts += _place_breaks(text, trade_start, data["places"])
    return sorted(c for c in set(cuts) if 0 < c < len(text))


def _place_breaks(text: str, end: int, places: Sequence[str]) -> list[int]:
    """After each level of a leading 行政区划, leaving a 字号 of two characters or more."""
    cuts: list[int] = []
    start = 0
    while True:
        ends = [i + len(p) for p in places for i in [text.find(p, start + 2, end)]
                if 0 <= i - start <= 6 and i + len(p) <= end - 2]
        if not ends:
            return cuts
        start = min(ends)
        cuts.append(start)


def _free_breaks(text: str) -> list[tuple[int, int]]:
    """(offset, badness) inside free text or a phrase: after a mark; else at the edge of
    a listed word or beside a function word (的, 和…); else anywhere outside a listed word."""
    inside: set[int] = set()
    edges: set[int] = set()
    for word in never_split():
        for m in re.finditer(re.escape(word), text):
            inside.update(range(m.start() + 1, m.end()))
            edges.update((m.start(), m.end()))
    out = []
    for i in range(1, len(text)):
        if text[i - 1] in _MARKS:
            out.append((i, INSIDE))
        elif i in inside:
            continue
        elif i in edges or text[i - 1] in _AFTER or text[i] in _BEFORE:
            out.append((i, ANYWHERE))
        else:
            out.append((i, ANYWHERE + 1))
    return out


def _candidates(parts: Sequence[Part]) -> dict[int, int]:
    """Every place the whole title may break, with its badness."""
    out: dict[int, int] = {}
    at = 0
    for n, part in enumerate(parts):
        # 关于 never ends a line, 的函 never starts one: each stays with its neighbour
        if n and parts[n - 1].text != "关于" and n < len(parts) - 1:
            out[at] = BETWEEN
        if part.kind == "name":
            inner = [(c, INSIDE) for c in name_breaks(part.text)]
        elif part.kind == "free":
            inner = _free_breaks(part.text)
        else:  # a phrase too long for a line breaks outside its words
            inner = [(c, b + 1) for c, b in _free_breaks(part.text)]
        for offset, badness in inner:
            out.setdefault(at + offset, badness)
        at += len(part.text)
    text = "".join(p.text for p in parts)
    return {c: b for c, b in out.items() if 0 < c < len(text) and text[c] not in _CLOSING
            and text[c - 1] not in _OPENING
            and not (_LATIN.match(text[c - 1]) and _LATIN.match(text[c]))}


def title_lines(parts: Sequence[Part], per_line: float) -> list[str]:
    """The title's lines: the fewest that fit `per_line` ems (at most three), broken
    where it reads best, then balanced. A title no breaking can fit is broken as
    best it can (the word processor wraps the rest)."""
    text = "".join(p.text for p in parts)
    room = per_line - SLACK_EM
    if em_width(text) <= room:
        return [text]
    candidates = _candidates(parts)
    best: tuple[tuple[float, ...], list[str]] | None = None
    for count in range(1, MAX_LINES):
        for cuts in itertools.combinations(sorted(candidates), count):
            lines = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)), strict=True)]
            widths = [em_width(line) for line in lines]
            over = sum(max(0.0, w - room) for w in widths)
            badness = [candidates[c] for c in cuts]
            hourglass = len(widths) == 3 and widths[1] < min(widths[0], widths[2])
            key = (over, float(max(badness) >= ANYWHERE), float(len(lines)),
                   float(sum(badness)), float(hourglass), max(widths) - min(widths))
            if best is None or key < best[0]:
                best = (key, lines)
    return best[1] if best is not None else [text]
