"""Pattern rules as data (patterns.toml) and the pure parts of detecting them: reading a
fee-rate jump out of a narrative, naming an alert. The detector itself (SQL over the open
cases) is services/patterns.py."""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from workbench.domain.categories import Category
from workbench.domain.vocabulary import Coded


class Detector(Coded):
    SAME_PROVIDER_CATEGORY = "same_provider_category", "同一服务商同类投诉"
    SAME_TERMINAL = "same_terminal", "同一终端"
    FEE_RATE_JUMP = "fee_rate_jump", "同一费率上调"


class Proposal(Coded):
    GROUP = "group", "组成共同投诉"
    REPORT = "report", "向主管机关举报"


@dataclass(frozen=True, slots=True)
class PatternRule:
    id: str
    detector: Detector
    label: str
    min: int
    days: int
    propose: Proposal
    by: str = "provider"  # provider | superior
    categories: tuple[Category, ...] = ()


class PatternRuleError(ValueError):
    pass


def _rule(raw: dict[str, object]) -> PatternRule:
    try:
        rule = PatternRule(
            id=str(raw["id"]), detector=Detector(str(raw["detector"])),
            label=str(raw["label"]), min=int(str(raw["min"])), days=int(str(raw.get("days", 0))),
            propose=Proposal(str(raw.get("propose", "group"))), by=str(raw.get("by", "provider")),
            categories=tuple(Category(str(c)) for c in raw.get("categories", ())  # type: ignore[attr-defined]
                             ))
    except (KeyError, ValueError, TypeError) as exc:
        raise PatternRuleError(f"pattern rule {raw.get('id', '?')}: {exc}") from exc
    if not re.fullmatch(r"[a-z][a-z0-9_]*", rule.id) or rule.min < 2 or rule.days < 0 \
            or rule.by not in ("provider", "superior"):
        raise PatternRuleError(f"pattern rule {rule.id}: id, min ≥ 2, days ≥ 0, by")
    return rule


def parse_rules(text: str) -> tuple[PatternRule, ...]:
    """The [[rule]] tables of a patterns file (PatternRuleError on a mistake)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PatternRuleError(str(exc)) from exc
    rules = tuple(_rule(raw) for raw in data.get("rule", []))
    if len({r.id for r in rules}) != len(rules):
        raise PatternRuleError("two pattern rules share an id")
    return rules


@functools.cache
def load_patterns(path: Path | None = None) -> tuple[PatternRule, ...]:
    """The shipped rules (or those of `path`)."""
    text = path.read_text("utf-8") if path else \
        resources.files("workbench.domain").joinpath("patterns.toml").read_text("utf-8")
    return parse_rules(text)


_RATE = r"(\d{1,2}(?:\.\d{1,3})?)\s*[%％]"
# 由0.38%上调至0.63% / 从0.38%调整为0.6% / 约定费率为0.38%……上调至0.63%
_UP = re.compile(_RATE + r"[^%％\d。]{0,40}?(?:上调至|上调到|上调为|调至|调整为|调整至|调高至|"
                 r"涨至|涨到|提高至|提高到|变为|变成|改为|升至)\s*" + _RATE)
# 按0.63%的费率扣收手续费，高于约定的0.38%
_ABOVE = re.compile(r"按\s*" + _RATE + r"[^%％\d。]{0,30}?高于[^%％\d。]{0,10}?" + _RATE)


def rate_jump(narrative: str) -> str:
    """The agreed → charged rate a narrative reports ("0.38%→0.63%"), or "" for none; the
    charged rate must be higher."""
    for pattern, swap in ((_UP, False), (_ABOVE, True)):
        for match in pattern.finditer(narrative or ""):
            low, high = (match[2], match[1]) if swap else (match[1], match[2])
            if float(high) > float(low):
                return f"{_norm(low)}%→{_norm(high)}%"
    return ""


def _norm(rate: str) -> str:
    return f"{float(rate):g}"


def alert_id(rule_id: str, key: str) -> str:
    """A stable, typeable alert name: the rule's id and six hex digits of what it matched
    (the same wave keeps its name while cases join it)."""
    return f"{rule_id}-{hashlib.sha1(key.encode()).hexdigest()[:6]}"
