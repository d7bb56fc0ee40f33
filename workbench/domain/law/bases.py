"""The legal basis of each complaint category per dispute scope (``bases.toml``): register
ids, checked against the register at load. A merchant's 经营活动 dispute never cites the
consumer law: that rule is checked at load too."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources

from workbench.domain.categories import Category
from workbench.domain.law import Entry, LawRegister, RegisterError, load_register
from workbench.domain.vocabulary import DisputeScope

_FILE = "bases.toml"
# Register ids of the consumer law and its regulation: only a 生活消费 dispute cites them.
CONSUMER_LAW_PREFIXES = ("cpl.", "cpl_reg.")

Bases = Mapping[Category, Mapping[DisputeScope, tuple[str, ...]]]


def parse_bases(text: str, register: LawRegister, source: str = _FILE) -> Bases:
    """Read and validate a bases table: every category, both scopes, known ids only."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegisterError(f"{source}: 不是有效的 TOML ({exc})") from exc
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


def basis_for(categories: Iterable[Category | str], scope: DisputeScope | str,
              register: LawRegister, on: date) -> list[Entry]:
    """The entries a filing cites for these categories in this scope, as in force on
    ``on``: in order, each once; a version not in force on ``on`` is left out."""
    bases = load_bases(register)
    wanted = DisputeScope(scope)
    ids = dict.fromkeys(i for c in categories for i in bases[Category(c)][wanted])
    entries = [register.get(i, on) for i in ids]
    return [e for e in entries if e.in_force(on)]


def citation_text(entries: Iterable[Entry]) -> str:
    """Formal citations (each statute's full name once, its articles joined by 、, the
    statutes by ；), for a filing's legal basis."""
    grouped: dict[str, list[str]] = {}
    for entry in entries:
        grouped.setdefault(entry.statute, []).append(entry.article)
    return "；".join(statute + "、".join(dict.fromkeys(articles))
                    for statute, articles in grouped.items())


__all__ = ["CONSUMER_LAW_PREFIXES", "basis_for", "citation_text", "load_bases", "parse_bases"]
