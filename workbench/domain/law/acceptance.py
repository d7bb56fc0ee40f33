"""The acceptance policy (``acceptance.toml``): the basis on which the association accepts
a complaint of each dispute scope, and the papers it does not offer beside another route
of the same dispute. Every cited id is checked against the register — except the
association's own rule, which the admin adds (an `own_rule` basis may be missing: the
association then has none, and refuses such cases)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources

from workbench.domain.law import Entry, LawRegister, RegisterError, load_register
from workbench.domain.vocabulary import DisputeScope

_FILE = "acceptance.toml"


@dataclass(frozen=True, slots=True)
class Basis:
    """What the association accepts a case of one scope on."""

    scope: DisputeScope
    cites: tuple[str, ...]
    accepted: str  # the notice's sentence: {basis}, {you}
    own_rule: bool = False  # the association's own rule, added to the register by the admin
    refuse: str = ""  # the refusal ground for a case it has no basis for

    def entries(self, register: LawRegister, on: date) -> list[Entry]:
        """The basis in force on ``on``; [] when the association has none (its own rule
        not registered, or not in force)."""
        found = [register.get(i, on) for i in self.cites if i in register]
        return [e for e in found if e.in_force(on)]


@dataclass(frozen=True, slots=True)
class Bar:
    """A filing not offered beside another route of the same dispute."""

    kind: str
    cites: tuple[str, ...]
    reason: str
    scope: str = ""
    mediator: str = ""

    def applies(self, kind: str, *, scope: str, mediator: str | None) -> bool:
        return (self.kind == str(kind) and (not self.scope or self.scope == scope)
                and (not self.mediator or self.mediator == (mediator or "")))

    def entries(self, register: LawRegister, on: date) -> list[Entry]:
        """The rule's entries in force on ``on`` (the latest version if none is)."""
        found = [register.get(i, on) for i in self.cites]
        return [e for e in found if e.in_force(on)] or found[:1]


@dataclass(frozen=True)
class Policy:
    basis: dict[DisputeScope, Basis]
    bars: tuple[Bar, ...]

    def of(self, scope: DisputeScope | str) -> Basis:
        """The basis for a scope (an unknown code counts as consumer)."""
        code = str(scope) if str(scope) in DisputeScope._value2member_map_ else "consumer"
        return self.basis[DisputeScope(code)]

    def barred(self, kind: str, *, scope: str, mediator: str | None) -> list[Bar]:
        return [b for b in self.bars if b.applies(kind, scope=scope, mediator=mediator)]


@functools.cache
def load_policy(register: LawRegister | None = None) -> Policy:
    """The shipped policy, validated against the register (and the grounds it names)."""
    from workbench.domain.law.grounds import load_grounds

    register = register or load_register()
    data = tomllib.loads(resources.files(__package__).joinpath(_FILE).read_text("utf-8"))
    basis: dict[DisputeScope, Basis] = {}
    for code, raw in data.get("accept", {}).items():
        scope = DisputeScope(code)
        one = Basis(scope, tuple(raw["cites"]), raw["accepted"], bool(raw.get("own_rule")),
                    raw.get("refuse", ""))
        if not one.own_rule:
            register.check_ids(one.cites, f"{_FILE}: [accept.{code}]")
        if one.refuse and one.refuse not in load_grounds(register).refusal:
            raise RegisterError(f"{_FILE}: [accept.{code}] refuse = {one.refuse!r}"
                                " 不是不予受理理由")
        basis[scope] = one
    if set(basis) != set(DisputeScope):
        raise RegisterError(f"{_FILE}: 每种争议性质都需要 [accept.<scope>]")
    bars = tuple(Bar(b["kind"], tuple(b["cites"]), b["reason"], b.get("scope", ""),
                     b.get("mediator", "")) for b in data.get("bar", ()))
    for n, bar in enumerate(bars, 1):
        register.check_ids(bar.cites, f"{_FILE}: [[bar]] 第{n}项")
    return Policy(basis, bars)
