"""Does a case recorded as 生活消费 read as a shop's business? (``scope_words.toml``)

A warning, not a rule: the caseworker decides the scope (``workbench scope``); the words
only say that the narrative speaks of 结算款, 本店, 收款… as a merchant would."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from workbench.domain.vocabulary import DisputeScope

SET_SCOPE = "workbench scope {ref} business --reason …"


@functools.cache
def business_words() -> tuple[str, ...]:
    raw = tomllib.loads(resources.files("workbench.domain").joinpath("scope_words.toml")
                        .read_text("utf-8"))
    return tuple(raw["business"])


def business_signs(scope: str, narrative: str) -> list[str]:
    """The business words in the narrative of a case recorded as consumer (else none)."""
    if scope == DisputeScope.BUSINESS:
        return []
    return [w for w in business_words() if w in narrative]


def scope_warning(scope: str, narrative: str, ref: str = "REF") -> str:
    """The warning line, or "" when the narrative reads as 生活消费 (or the case is
    recorded as business already)."""
    signs = business_signs(scope, narrative)
    if not signs:
        return ""
    words = "、".join(f"“{w}”" for w in signs[:3])
    return (f"本案登记为生活消费，但事实与理由中有{words}等经营用语：争议可能是商户的经营活动"
            f"纠纷，请核实；如需更正争议性质：{SET_SCOPE.format(ref=ref)}")
