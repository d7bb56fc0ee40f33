"""Fast, seeded draws: everything in the demo comes from one `random.Random(seed)`."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Any, TypeVar

T = TypeVar("T")


class Rand:
    """Fast draws on top of random.Random (weighted choice by bisect on cumulative weights)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.random = self.rng.random

    def num(self, low: int, high: int) -> int:
        """An int in [low, high]."""
        return low + int(self.random() * (high - low + 1))

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.random() < p


class Weighted:
    def __init__(self, pairs: Sequence[tuple[Any, int | float]]) -> None:
        self.items = [p[0] for p in pairs]
        self.cum = list(accumulate(p[1] for p in pairs))
        self.total = self.cum[-1]

    def draw(self, r: Rand) -> Any:
        return self.items[bisect(self.cum, r.random() * self.total)]
