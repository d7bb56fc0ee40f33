"""Whom a filing goes to (issue 11): the candidates from the case's data, the default,
and the one chosen — stored on the filing and printed, never a blank to fill in by hand.

Providers and their superiors come from the provider registry (name, address, hotline);
the county-level market bureau and the financial regulator's branch from the provider's
row (or its address); the industry body from ``domain/law/routes.toml``; the court from
the case's litigation details (or the defendant's domicile, marked as presumed).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from workbench.domain.regions import county_of, province_of, short_province
from workbench.domain.vocabulary import AddresseeKind, IndustryBody, LitigationKey
from workbench.errors import RuleViolation
from workbench.filings.documents import BLANK
from workbench.filings.voice import load_voice
from workbench.i18n import _
from workbench.services.litigation import CONTROL
from workbench.store.models import Case, Provider

NATIONAL_BUREAU = "国家市场监督管理总局"
INDUSTRY_NAMES = {IndustryBody.PCAC: "中国支付清算协会",
                  IndustryBody.UNIONPAY: "中国银联股份有限公司"}
REGULATOR_PREFIX = {IndustryBody.PBOC_BRANCH: "中国人民银行",
                    IndustryBody.NFRA_OFFICE: "国家金融监督管理总局"}


@dataclass(frozen=True, slots=True)
class AddresseeChoice:
    name: str
    kind: AddresseeKind
    address: str = ""
    phone: str = ""
    note: str = ""  # where it comes from, when it is presumed rather than recorded
    body: str = ""  # the IndustryBody code of a regulator or industry body, when known

    @property
    def label(self) -> str:
        return self.name + (f"（{self.note}）" if self.note else "")


@dataclass(frozen=True, slots=True)
class Route:
    body: IndustryBody
    categories: frozenset[str]
    provider_kinds: frozenset[str]
    basis: tuple[str, ...]


@functools.cache
def _routes_file() -> dict[str, Any]:
    """``domain/law/routes.toml``, read once."""
    return tomllib.loads(resources.files("workbench.domain.law").joinpath("routes.toml")
                         .read_text("utf-8"))


@functools.cache
def routes() -> tuple[Route, ...]:
    return tuple(Route(IndustryBody(r["body"]), frozenset(r.get("categories", ())),
                       frozenset(r.get("provider_kinds", ())), tuple(r.get("basis", ())))
                 for r in _routes_file()["route"])


def _applies_to() -> dict[str, list[str]]:
    return dict(_routes_file().get("applies_to", {}))


def _enforced_by() -> dict[str, list[str]]:
    return dict(_routes_file().get("enforced_by", {}))


def enforces(addressee_kind: str, entry_id: str) -> bool:
    """Whether an addressee of this kind enforces the rule (a 举报 cites only those)."""
    return entry_id.startswith(tuple(_enforced_by().get(str(addressee_kind), ())) or ("\0",))


def binds(entry_id: str, party_kind: str) -> bool:
    """Whether a rule binds a party of this kind (agent, payment_institution,
    acquiring_bank): the payment and acquiring rules bind licensed institutions only."""
    return all(party_kind in kinds for prefix, kinds in _applies_to().items()
               if entry_id.startswith(prefix))


def acquirer_duty(party_kind: str) -> str:
    """The register id of the acquirer's duty over its agent that binds an acquirer of this
    kind (routes.toml ``[acquirer_duty]``); "" when none does."""
    ids = _routes_file().get("acquirer_duty", {}).get("ids", ())
    return next((i for i in ids if binds(i, party_kind)), "")


def licensed_kind(session: Session, provider: Provider) -> str:
    """The kind of the licensed institution behind a provider (an agent's acquirer)."""
    return _licensed(session, provider).kind


def respondent(session: Session, provider: Provider, addressee_kind: str) -> Provider:
    """The party a paper to an addressee of this kind pleads against (routes.toml
    ``[pleads_against]``): the licensed institution behind the provider (an agent's
    acquirer) for a paper to it or to a body over it, else the provider itself."""
    licensed = _routes_file().get("pleads_against", {}).get("licensed", ())
    return _licensed(session, provider) if str(addressee_kind) in licensed else provider


def body_of(choice: AddresseeChoice) -> IndustryBody | None:
    """The regulator or industry body an addressee is, from its code or its name."""
    if choice.body in IndustryBody._value2member_map_:
        return IndustryBody(choice.body)
    for body, name in INDUSTRY_NAMES.items():
        if choice.name.startswith(name[:4]):
            return body
    for body, prefix in REGULATOR_PREFIX.items():
        if choice.name.startswith(prefix):
            return body
    return None


def competence(choice: AddresseeChoice | None) -> str:
    """What the addressee does about an institution's business (routes.toml
    ``[competence]``): 监督管理 for a regulator, 自律管理 for the clearing association;
    "" for a body that claims neither."""
    body = body_of(choice) if choice is not None else None
    return str(_routes_file().get("competence", {}).get(body.value, "")) if body else ""


def regulator_of(session: Session, provider: Provider) -> AddresseeChoice | None:
    """The one financial regulator competent for the provider's business: the route for
    the kind of its licensed institution (the PBOC branch for a non-bank or an agent of
    one, the NFRA office for a bank), named for the institution's domicile."""
    licensed = _licensed(session, provider)
    for route in routes():
        if licensed.kind in route.provider_kinds and route.body in REGULATOR_PREFIX:
            named = _body_name(route.body, licensed)
            if named is not None:
                return named
            unit = "分行" if route.body is IndustryBody.PBOC_BRANCH else "监管局"
            return AddresseeChoice(f"{REGULATOR_PREFIX[route.body]}{BLANK}{unit}",
                                   AddresseeKind.REGULATOR, note=_("住所地未登记"),
                                   body=route.body.value)
    return None


def route_for(categories: list[str], provider_kind: str) -> Route | None:
    for route in routes():
        if route.categories & set(categories) or provider_kind in route.provider_kinds:
            return route
    return None


def _licensed(session: Session, provider: Provider) -> Provider:
    """The licensed institution behind a provider: its superior for an agent."""
    if provider.kind == "agent" and provider.superior_id:
        return session.get(Provider, provider.superior_id) or provider
    return provider


def _body_name(body: IndustryBody, licensed: Provider) -> AddresseeChoice | None:
    if body in INDUSTRY_NAMES:
        return AddresseeChoice(INDUSTRY_NAMES[body], AddresseeKind.INDUSTRY, body=body.value)
    if licensed.regulator.startswith(REGULATOR_PREFIX[body]):
        return AddresseeChoice(licensed.regulator, AddresseeKind.REGULATOR, body=body.value)
    province = province_of(licensed.address)
    if not province:
        return None
    name = (f"中国人民银行{province}分行" if body is IndustryBody.PBOC_BRANCH
            else f"国家金融监督管理总局{short_province(province)}监管局")
    return AddresseeChoice(name, AddresseeKind.REGULATOR, note=_("按机构住所地推定"),
                           body=body.value)


def choices(session: Session, case: Case, kind: str, *, association: str = "",
            cited: tuple[str, ...] = ()) -> list[AddresseeChoice]:
    """The addressees a filing of `kind` may go to, the default first ([] = none known)."""
    wanted = load_voice().of(kind).addressee
    provider = session.get(Provider, case.provider_id)
    if provider is None:
        return []
    out: list[AddresseeChoice] = []
    if wanted is AddresseeKind.PROVIDER:
        out.append(AddresseeChoice(provider.name, wanted, provider.address, provider.hotline))
    elif wanted is AddresseeKind.SUPERIOR:
        superior = session.get(Provider, provider.superior_id) if provider.superior_id else None
        if superior is not None:
            out.append(AddresseeChoice(superior.name, wanted, superior.address, superior.hotline))
    elif wanted is AddresseeKind.MARKET_BUREAU and kind == "samr_report":
        out.extend(_report_to(session, case, provider, cited))
    elif wanted is AddresseeKind.MARKET_BUREAU:
        out.extend(_bureaus(provider, national=False))
    elif wanted is AddresseeKind.INDUSTRY:
        licensed = _licensed(session, provider)
        bodies = [IndustryBody(case.industry_body)] if case.industry_body else []
        route = route_for(list(case.categories), licensed.kind)
        bodies += [b for b in ([route.body] if route else []) + list(IndustryBody)
                   if b not in bodies]
        out.extend(c for c in (_body_name(b, licensed) for b in bodies) if c is not None)
    elif wanted is AddresseeKind.COURT:
        court = str(case.litigation.get(LitigationKey.COURT, "")).strip()
        if court:
            out.append(AddresseeChoice(court, wanted))
        county = provider.county or county_of(provider.address)
        if county and f"{county}人民法院" != court:
            out.append(AddresseeChoice(f"{county}人民法院", wanted, note=_("按被告住所地推定")))
    elif wanted is AddresseeKind.MEDIA:
        out.append(AddresseeChoice("各新闻媒体", wanted))
    elif wanted is AddresseeKind.ASSOCIATION and association:
        out.append(AddresseeChoice(association, wanted))
    return out


def _report_to(session: Session, case: Case, provider: Provider,
               cited: tuple[str, ...]) -> list[AddresseeChoice]:
    """A 举报 goes to whoever enforces the rules breached (`cited`: register ids): the
    market regulator for the consumer law and its rules, the PBOC branch for the payment
    and acquiring rules — the one that enforces more of them first."""
    bureaus = _bureaus(provider, national=True)
    pboc = _body_name(IndustryBody.PBOC_BRANCH, _licensed(session, provider))
    regulators = [pboc] if pboc is not None else []
    market = sum(enforces(AddresseeKind.MARKET_BUREAU, i) for i in cited)
    payment = sum(enforces(AddresseeKind.REGULATOR, i) for i in cited)
    return bureaus + regulators if market >= payment and market else regulators + bureaus


def _bureaus(provider: Provider, *, national: bool) -> list[AddresseeChoice]:
    out: list[AddresseeChoice] = []
    if provider.market_bureau.strip():
        out.append(AddresseeChoice(provider.market_bureau.strip(), AddresseeKind.MARKET_BUREAU))
    else:
        county = provider.county or county_of(provider.address)
        if county:
            out.append(AddresseeChoice(f"{county}市场监督管理局", AddresseeKind.MARKET_BUREAU,
                                       note=_("按被投诉人住所地推定")))
    if national:  # a 举报 of violations: the provincial bureau or the national one
        province = province_of(provider.address)
        out = ([AddresseeChoice(f"{province}市场监督管理局", AddresseeKind.MARKET_BUREAU)]
               if province else []) + [AddresseeChoice(NATIONAL_BUREAU,
                                                       AddresseeKind.MARKET_BUREAU)] + out
    return out


def chosen(options: list[AddresseeChoice], given: str | None,
           kind: AddresseeKind) -> AddresseeChoice | None:
    """The addressee named by the caseworker (one of the options, or any name), else the
    default; None when there is none."""
    if given is not None and given.strip():
        if CONTROL.search(given) or len(given.strip()) > 200:
            raise RuleViolation(_("收件单位的名称含有控制字符或过长（上限 200 字）。"),
                                _("请输入收件单位的全称。"))
        for option in options:
            if option.name == given.strip():
                return option
        return AddresseeChoice(given.strip(), kind)
    return options[0] if options else None
