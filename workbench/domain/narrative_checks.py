"""What a narrative says against its own requests or its paper's date
(``narrative_words.toml``): a refund of a sum only demanded, a duration counted from the
day of the complaint printed long after it. Warnings, never rules."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from datetime import date
from importlib import resources
from typing import Any

_CLAUSES = re.compile(r"[。；;，,！？\n]")
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?元")


@functools.cache
def narrative_words() -> dict[str, Any]:
    return tomllib.loads(resources.files("workbench.domain").joinpath("narrative_words.toml")
                         .read_text("utf-8"))


def stale_durations(narrative: str, received_on: date | None, issued_on: date) -> list[str]:
    """The relative durations of a narrative printed `stale_after_days` or more after
    the complaint was received (none when the day it was received is unknown)."""
    raw = narrative_words()["relative"]
    if received_on is None or (issued_on - received_on).days < int(raw["stale_after_days"]):
        return []
    return list(dict.fromkeys(m.group(0) for pattern in raw["patterns"]
                              for m in re.finditer(pattern, narrative)))


def refunds_of_demanded(narrative: str, requests: Sequence[str]) -> list[tuple[str, str]]:
    """(request, amount) for each request to give back a sum that the narrative's
    clauses naming it say was demanded and none says was paid."""
    raw = narrative_words()["refund"]
    clauses = [c for c in _CLAUSES.split(narrative) if c.strip()]
    found = []
    for request in requests:
        if not any(w in request for w in raw["asks"]):
            continue
        for amount in _AMOUNT.findall(request):
            naming = [c for c in clauses if re.search(rf"(?<![\d,.]){re.escape(amount)}", c)]
            if any(w in c for c in naming for w in raw["demanded"]) \
                    and not any(w in c for c in naming for w in raw["paid"]):
                found.append((request, amount))
    return found
