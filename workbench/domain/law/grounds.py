"""Coded grounds for refusing a complaint and for ending a mediation, each resting on
register entries (``grounds.toml``; every cited id is checked against the register)."""

from __future__ import annotations

import functools
import string
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources

from workbench.domain.law import Entry, LawRegister, RegisterError, load_register
from workbench.domain.vocabulary import DisputeScope

_FILE = "grounds.toml"
_KINDS = ("refusal", "termination")
_KEYS = frozenset({"label", "cites", "own", "suggest", "scope", "needs_reason"})
# What a suggestion may name, filled when the notice is written: the one financial
# regulator competent for the provider (services.addressees.regulator_of) and the
# licensed institution it supervises (the provider, or an agent's acquirer).
PLACEHOLDERS = frozenset({"regulator", "supervised"})


@dataclass(frozen=True, slots=True)
class Ground:
    kind: str  # refusal | termination
    code: str
    label: str
    cites: tuple[str, ...]
    suggest: str = ""
    scope: DisputeScope | None = None
    needs_reason: bool = False  # the notice states why (a refusal the label does not explain)
    # the association's own rule for this ground (its 章程 / 受理办法 article, which the
    # admin registers under this id): cited first when registered, else the ground is
    # stated as a fact on the statutes alone (or on none)
    own: str = ""

    def suggestion(self, regulator: str, supervised: str = "") -> str:
        """What the notice tells the complainant, the competent regulator named (and the
        institution it supervises, so the complainant sees why that one)."""
        return self.suggest.format(regulator=regulator, supervised=supervised)

    def citations(self, register: LawRegister, on: date) -> list[Entry]:
        """The association's own rule when registered and in force, then the cited
        statutes in force on ``on`` (a version not in force is left out)."""
        own = [register.get(self.own, on)] if self.own and self.own in register else []
        entries = [register.get(i, on) for i in self.cites]
        return ([e for e in own if e.in_force(on)]
                + ([e for e in entries if e.in_force(on)] or entries[:1]))

    def own_rule(self, register: LawRegister, on: date) -> Entry | None:
        """The association's own rule for this ground, when registered and in force."""
        if not self.own or self.own not in register:
            return None
        entry = register.get(self.own, on)
        return entry if entry.in_force(on) else None


@dataclass(frozen=True)
class Grounds:
    refusal: dict[str, Ground]
    termination: dict[str, Ground]

    def refusal_ground(self, code: str) -> Ground:
        return _pick(self.refusal, code, "不予受理理由")

    def termination_ground(self, code: str) -> Ground:
        return _pick(self.termination, code, "终止调解理由")


def _pick(table: dict[str, Ground], code: str, what: str) -> Ground:
    try:
        return table[code]
    except KeyError:
        raise KeyError(f"没有这个{what}：{code!r}（可选：{', '.join(table)}）") from None


@functools.cache
def load_grounds(register: LawRegister | None = None) -> Grounds:
    """The shipped grounds, validated against the register."""
    register = register or load_register()
    data = tomllib.loads(resources.files(__package__).joinpath(_FILE).read_text("utf-8"))
    tables: dict[str, dict[str, Ground]] = {kind: {} for kind in _KINDS}
    for kind, entries in data.items():
        if kind not in _KINDS or not isinstance(entries, dict):
            raise RegisterError(f"{_FILE}: 未知的表 [{kind}]（可用: {', '.join(_KINDS)}）")
        for code, raw in entries.items():
            unknown = sorted(set(raw) - _KEYS)
            if unknown or not raw.get("label") or not (raw.get("cites") or raw.get("own")):
                raise RegisterError(f"{_FILE}: [{kind}.{code}] 需要 label 和 cites（或 own）"
                                    + (f"，未知的键: {', '.join(unknown)}" if unknown else ""))
            register.check_ids(raw.get("cites", ()), f"{_FILE}: [{kind}.{code}]")
            named = {f for _, f, _, _ in string.Formatter().parse(raw.get("suggest", "")) if f}
            if named - PLACEHOLDERS:
                raise RegisterError(f"{_FILE}: [{kind}.{code}] suggest 中未知的占位符: "
                                    + ", ".join(sorted(named - PLACEHOLDERS))
                                    + f"（可用: {', '.join(sorted(PLACEHOLDERS))}）")
            scope = DisputeScope(raw["scope"]) if raw.get("scope") else None
            tables[kind][code] = Ground(kind, code, raw["label"], tuple(raw.get("cites", ())),
                                        raw.get("suggest", ""), scope,
                                        bool(raw.get("needs_reason", False)),
                                        str(raw.get("own", "")))
    return Grounds(tables["refusal"], tables["termination"])
