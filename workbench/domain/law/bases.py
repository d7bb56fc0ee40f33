"""The legal basis of each complaint category per dispute scope (``bases.toml``): register
ids, checked against the register at load. A merchant's 经营活动 dispute never cites the
consumer law: that rule is checked at load too. An article may need a fact of the case
(``[requires]``: a recorded clause, a claimed 增加赔偿): without it, it is not cited."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any

from workbench.domain.categories import Category
from workbench.domain.law import Entry, LawRegister, RegisterError, load_register
from workbench.domain.vocabulary import DisputeScope

_FILE = "bases.toml"
# Register ids of the consumer law and its regulation: only a 生活消费 dispute cites them.
CONSUMER_LAW_PREFIXES = ("cpl.", "cpl_reg.")

# the tables of bases.toml that are not categories
CONDITION_TABLES = ("requires", "claims", "pleading", "auxiliary")

Bases = Mapping[Category, Mapping[DisputeScope, tuple[str, ...]]]


class BasisFact(StrEnum):
    """A fact of the case an article needs before a paper cites it (``[requires]``)."""

    CLAUSE = "clause"  # the contract clause at issue is recorded
    NO_CLAUSE = "no_clause"  # none is: a fee with no agreed basis
    INCREASED_DAMAGES = "increased_damages"  # an 增加赔偿 is claimed
    DAMAGES = "damages"  # compensation for a loss is claimed


@dataclass(frozen=True, slots=True)
class Conditions:
    """What bases.toml says beyond the categories: each conditional article's fact, the
    words that claim an 增加赔偿 or a loss, the prefixes of the civil bases a court is
    pleaded, and the articles no point rests on alone."""

    requires: Mapping[str, BasisFact]
    damages_words: tuple[str, ...]
    civil: tuple[str, ...]
    loss_words: tuple[str, ...] = ()
    auxiliary: frozenset[str] = frozenset()


def _load(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(f"{source}: 不是有效的 TOML ({exc})") from exc


def _words(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(w, str) and w.strip() for w in raw):
        raise RegisterError(f"{where} 应为非空字符串的列表")
    return tuple(raw)


def parse_conditions(text: str, register: LawRegister, source: str = _FILE) -> Conditions:
    """Read and validate the ``[requires]``, ``[claims]``, ``[pleading]`` and
    ``[auxiliary]`` tables (each optional): known ids, known facts only."""
    data = _load(text, source)
    requires = data.get("requires", {})
    if not isinstance(requires, dict):
        raise RegisterError(f"{source}: [requires] 应为“条目 id = 事实”的表")
    register.check_ids(list(requires), f"{source}: [requires]")
    facts = BasisFact._value2member_map_
    bad = sorted(f"{k} = {v}" for k, v in requires.items() if str(v) not in facts)
    if bad:
        raise RegisterError(f"{source}: [requires] 有未知的事实: {', '.join(bad)}"
                            f"（可用：{', '.join(facts)}）")
    auxiliary = _words(data.get("auxiliary", {}).get("ids"), f"{source}: [auxiliary] ids")
    register.check_ids(list(auxiliary), f"{source}: [auxiliary]")
    claims = data.get("claims", {})
    return Conditions(
        requires={k: BasisFact(v) for k, v in requires.items()},
        damages_words=_words(claims.get("increased_damages"),
                             f"{source}: [claims] increased_damages"),
        civil=_words(data.get("pleading", {}).get("civil"), f"{source}: [pleading] civil"),
        loss_words=_words(claims.get("damages"), f"{source}: [claims] damages"),
        auxiliary=frozenset(auxiliary))


def parse_bases(text: str, register: LawRegister, source: str = _FILE) -> Bases:
    """Read and validate a bases table: every category, both scopes, known ids only (and
    its conditions, ``parse_conditions``)."""
    parse_conditions(text, register, source)
    data = {k: v for k, v in _load(text, source).items() if k not in CONDITION_TABLES}
    unknown = sorted(set(data) - set(Category._value2member_map_))
    if unknown:
        raise RegisterError(f"{source}: 未知的类别: {', '.join(unknown)}")
    bases: dict[Category, dict[DisputeScope, tuple[str, ...]]] = {}
    for category in Category:
        raw = data.get(category.value)
        if not isinstance(raw, dict):
            raise RegisterError(f"{source}: 缺少类别 [{category.value}]")
        extra = sorted(set(raw) - set(DisputeScope._value2member_map_))
        if extra:
            raise RegisterError(f"{source}: [{category.value}] 有未知的键: {', '.join(extra)}")
        bases[category] = {}
        for scope in DisputeScope:
            ids = raw.get(scope.value)
            where = f"{source}: [{category.value}] {scope.value}"
            if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
                raise RegisterError(f"{where} 应为非空的条目 id 列表")
            register.check_ids(ids, where)
            if scope is DisputeScope.BUSINESS:
                consumer_law = [i for i in ids if i.startswith(CONSUMER_LAW_PREFIXES)]
                if consumer_law:
                    raise RegisterError(f"{where}: 经营活动争议不能引用消费者权益保护的条目 "
                                        f"(cpl.*, cpl_reg.*): {', '.join(consumer_law)}")
            bases[category][scope] = tuple(ids)
    return bases


@functools.cache
def _shipped_text() -> str:
    return resources.files(__package__).joinpath(_FILE).read_text("utf-8")


def load_bases(register: LawRegister | None = None) -> Bases:
    """The shipped bases table, validated against ``register`` (default: the shipped one,
    with the admin's override) — so an override that drops a cited id fails here."""
    return parse_bases(_shipped_text(), register or load_register())


def load_conditions(register: LawRegister | None = None) -> Conditions:
    """The shipped conditions (``[requires]``, ``[claims]``, ``[pleading]``)."""
    return parse_conditions(_shipped_text(), register or load_register())


def case_facts(*, clause: str, demands: Iterable[str], punitive_fen: int) -> frozenset[BasisFact]:
    """The facts a conditional article asks of the case: whether the clause at issue is
    recorded, whether an 增加赔偿 is claimed (a demand in its words, or a sum), and
    whether compensation for a loss is (a demand in those words, an 增加赔偿's aside)."""
    conditions = load_conditions()
    words = conditions.damages_words
    demands = list(demands)
    facts = {BasisFact.CLAUSE if clause.strip() else BasisFact.NO_CLAUSE}
    if punitive_fen > 0 or any(w in text for text in demands for w in words):
        facts.add(BasisFact.INCREASED_DAMAGES)
    for text in demands:
        for word in sorted(words, key=len, reverse=True):  # 增加赔偿 claims no loss
            text = text.replace(word, "")
        if any(w in text for w in conditions.loss_words):
            facts.add(BasisFact.DAMAGES)
    return frozenset(facts)


def own_point(entries: Sequence[Entry], cited: Collection[str]) -> list[Entry]:
    """The articles a category adds to a paper that has already cited ``cited``: those not
    yet cited — led by the category's first other article when they would be auxiliary
    ones alone (``[auxiliary]``: §584 measures damages; a point never rests on it)."""
    auxiliary = load_conditions().auxiliary
    new = [e for e in entries if e.id not in cited]
    if new and all(e.id in auxiliary for e in new):
        main = next((e for e in entries if e.id not in auxiliary), None)
        return [main, *new] if main is not None else new
    return new


def basis_for(categories: Iterable[Category | str], scope: DisputeScope | str,
              register: LawRegister, on: date, *,
              facts: Collection[BasisFact] = (BasisFact.NO_CLAUSE,)) -> list[Entry]:
    """The entries a filing cites for these categories in this scope, as in force on
    ``on``: in order, each once; a version not in force on ``on`` is left out, and so is
    an article whose fact (``[requires]``) is not among the case's ``facts`` (default:
    no clause recorded, no 增加赔偿 claimed)."""
    bases = load_bases(register)
    requires = load_conditions(register).requires
    wanted = DisputeScope(scope)
    ids = dict.fromkeys(i for c in categories for i in bases[Category(c)][wanted]
                        if i not in requires or requires[i] in facts)
    entries = [register.get(i, on) for i in ids]
    return [e for e in entries if e.in_force(on)]


def civil_bases(ids: Iterable[str]) -> list[str]:
    """The ids a court paper pleads as its 请求依据: the civil ones only, private law first
    (``[pleading] civil``, in its order), each once."""
    prefixes = load_conditions().civil
    rank = {i: next((n for n, p in enumerate(prefixes) if i.startswith(p)), None)
            for i in dict.fromkeys(ids)}
    return sorted((i for i, n in rank.items() if n is not None), key=lambda i: rank[i] or 0)


def citation_text(entries: Iterable[Entry]) -> str:
    """Formal citations (each statute's full name once, its articles joined by 、, the
    statutes by ；), for a filing's legal basis."""
    grouped: dict[str, list[str]] = {}
    for entry in entries:
        grouped.setdefault(entry.statute, []).append(entry.article)
    return "；".join(statute + "、".join(dict.fromkeys(articles))
                    for statute, articles in grouped.items())


__all__ = ["CONSUMER_LAW_PREFIXES", "BasisFact", "Conditions", "basis_for", "case_facts",
           "citation_text", "civil_bases", "load_bases", "load_conditions", "own_point",
           "parse_bases", "parse_conditions"]
