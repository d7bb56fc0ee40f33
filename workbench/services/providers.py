"""Which registered provider a caseworker means: fuzzy suggestions for typed text, over
each provider's name, short name, 字号 (the name without place, branch, trade and
company form) and aliases, so a typo or a short name finds the registered provider instead of
creating a second one."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlmodel import col

from workbench.domain.organisations import trade_name
from workbench.i18n import _
from workbench.services.context import Workbench
from workbench.store.models import Provider, ProviderAlias

MIN_SCORE = 60.0  # below this a provider is not "near" (WRatio, 0–100)
SUGGESTIONS = 5


@dataclass(frozen=True)
class ProviderMatch:
    """A registered provider near what was typed (`score` 0–100)."""

    id: int
    name: str
    short_name: str
    score: float


@dataclass(frozen=True)
class ProviderEntry:
    id: int
    name: str
    short_name: str
    terms: tuple[str, ...]  # what a caseworker may type for it: name, short name, 字号, aliases
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderIndex:
    """The registry's names, loaded once; matching needs no database."""

    entries: tuple[ProviderEntry, ...]

    def registered(self, text: str) -> ProviderMatch | None:
        """The provider registered under exactly this name (or alias), if any."""
        text = text.strip()
        for entry in self.entries:
            if entry.name == text:
                return ProviderMatch(entry.id, entry.name, entry.short_name, 100.0)
        for entry in self.entries:
            if text in entry.aliases:
                return ProviderMatch(entry.id, entry.name, entry.short_name, 100.0)
        return None

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[ProviderMatch]:
        """The providers nearest `text`, best first: an exact name or short name, then by
        fuzzy score, then the ones whose terms start with it, then the shorter name."""
        text = text.strip()
        if not text:
            return []
        terms = [(term, entry) for entry in self.entries for term in entry.terms]
        hits = process.extract(text, [term for term, _ in terms], scorer=fuzz.WRatio,
                               score_cutoff=MIN_SCORE, limit=None)
        best: dict[int, tuple[float, bool, ProviderEntry]] = {}
        for term, score, at in hits:
            entry = terms[at][1]
            if term == text:
                score = 101.0  # typed in full: first whatever the fuzzy score says
            prefix = term.startswith(text)
            if entry.id not in best or (score, prefix) > best[entry.id][:2]:
                best[entry.id] = (score, prefix, entry)
        ranked = sorted(best.values(), key=lambda b: (-b[0], not b[1], len(b[2].name),
                                                      b[2].name))
        return [ProviderMatch(e.id, e.name, e.short_name, min(score, 100.0))
                for score, _, e in ranked[:limit]]


def load_index(wb: Workbench) -> ProviderIndex:
    """Every registered provider (merged ones left out) with the terms it can be found
    by: name, short name, 字号 and its aliases."""
    with wb.store.session() as session:
        rows = session.execute(select(col(Provider.id), col(Provider.name),
                                      col(Provider.short_name))
                               .where(col(Provider.merged_into_id).is_(None))
                               .order_by(col(Provider.id))).all()
        aliases: dict[int, list[str]] = {}
        for pid, alias in session.execute(select(col(ProviderAlias.provider_id),
                                                 col(ProviderAlias.alias))
                                          .order_by(col(ProviderAlias.id))):
            aliases.setdefault(pid, []).append(alias)
    entries = []
    for pid, name, short in rows:
        terms = dict.fromkeys(t for t in (name, short, trade_name(name),
                                          *aliases.get(pid, ())) if t)
        entries.append(ProviderEntry(pid, name, short, tuple(terms),
                                     tuple(aliases.get(pid, ()))))
    return ProviderIndex(tuple(entries))


def suggest(wb: Workbench, text: str, limit: int = SUGGESTIONS) -> list[ProviderMatch]:
    """The registered providers nearest `text`, best first (see `ProviderIndex.suggest`)."""
    return load_index(wb).suggest(text, limit)


@dataclass(frozen=True)
class ProviderCheck:
    """Whether `text` names a registered provider and, if not, the nearest ones."""

    text: str
    registered: ProviderMatch | None
    near: tuple[ProviderMatch, ...]

    @property
    def question(self) -> str:
        """The question to ask before a new provider is registered."""
        near = "、".join(m.name for m in self.near) or _("无")
        return _("是否新建服务商「{text}」？相近：{near}").format(text=self.text, near=near)


def check_new(wb: Workbench, text: str) -> ProviderCheck:
    """Before intake registers `text` as a new provider: is it registered, and what is
    near it (at most three)."""
    index = load_index(wb)
    text = text.strip()
    return ProviderCheck(text, index.registered(text),
                         tuple(index.suggest(text, 3)))
