"""The parts of the association's letters and of its 支持起诉意见书 that depend on the case's
record (``letters.toml``): the basis of a business dispute's mediation, a branch named with
its head company, the 举报信's opening, a rule cited again, and the association's own
reasoning in its opinion. Every word is data; every citation comes from the register."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any

from workbench.domain.law.acceptance import load_policy
from workbench.domain.organisations import head_company
from workbench.domain.vocabulary import DisputeScope
from workbench.filings.documents import FilingData, Provider
from workbench.filings.endings import named_categories, press_words
from workbench.filings.layout import Writer, clause


@functools.cache
def letter_words() -> dict[str, Any]:
    """letters.toml, as shipped."""
    return tomllib.loads(resources.files("workbench.filings").joinpath("letters.toml")
                         .read_text("utf-8"))


def business_basis(w: Writer, party: str) -> str:
    """A merchant's business dispute: taken up as a voluntary mediation under the
    association's own rule (acceptance.toml [accept.business]), cited from the register
    and kept in ``w.cited`` for the pre-flight; without it registered, said without one."""
    words = letter_words()["business"]
    basis = load_policy().of(DisputeScope.BUSINESS)
    entries = basis.entries(w.law, w.data.issued_on)
    if not entries:
        return str(words["no_basis"]).format(provider=party)
    cited = [w.cite(e.id).citation for e in entries[:1]]
    return str(words["basis"]).format(provider=party, basis="、".join(cited))


def provider_ask(data: FilingData, default: str) -> str:
    """What a letter asks the provider: a business dispute's mediation it may decline."""
    return str(letter_words()["business"]["provider_ask"]) if data.business_scope else default


def history_heading() -> str:
    return str(letter_words()["superior"]["history"])


def branch_head(data: FilingData, party: Provider) -> Provider | None:
    """The head company of a 分公司 party, as registered when it is the case's provider
    (``FilingData.head_office``), else by its name alone; None for no branch."""
    name = head_company(party.name)
    if not name:
        return None
    registered = data.head_office
    if party is data.provider and registered is not None and registered.name == name:
        return registered
    return Provider(name=name)


def head_office_line(w: Writer, party: Provider, role: str) -> None:
    """被投诉人的总公司：…，统一社会信用代码：…，住所地：…。 after a branch's party line."""
    head = branch_head(w.data, party)
    if head is not None:
        party_line(w, str(letter_words()["branch"]["head"]).format(role=role), head)


def party_line(w: Writer, role: str, party: Provider) -> None:
    """{role}：{name}，统一社会信用代码：…，住所地：…。 (the code and address when known)."""
    parts = [f"{role}：{party.name}"]
    if party.uscc.strip():
        parts.append(f"统一社会信用代码：{party.uscc.strip()}")
    if party.address.strip():
        parts.append(f"住所地：{party.address.strip()}")
    w.para("，".join(parts) + "。")


def respondent_intro(*, who: str, provider: str, ref: str, accused: str) -> str:
    return str(letter_words()["report"]["respondent_intro"]).format(
        who=who, provider=provider, ref=ref, accused=accused)


def cited_before(citation: str) -> str:
    return str(letter_words()["reasoning"]["cited_before"]).format(citation=citation)


def support_heading(data: FilingData) -> str:
    """本会受理及调解情况 only when a mediation was held and failed (the record), else
    本会受理及处理情况."""
    words = letter_words()["support"]
    return str(words["heading_mediated" if data.mediation_failed else "heading_handled"])


def support_reasoning(data: FilingData, *, bases: str, actor: str, defendant: str) -> str:
    """本会认为，……: the association's reasoning from the record — what the plaintiff
    complains of (its categories, press.toml `report`) and the evidence it submits, the
    pleaded `bases`, what the association tried — the account as an account."""
    words = letter_words()["support"]
    report = press_words().report
    conduct = "、".join(report[c] for c in named_categories(data.categories))
    conduct = f"{actor}{conduct}" if conduct else f"{actor}不履行或者不完全履行合同义务"
    titles = _evidence_titles(data, int(words["evidence_named"]))
    tried = words["tried_mediated" if data.mediation_failed else "tried_handled"]
    template = words["reasoning"] if titles else words["no_evidence"]
    return str(template).format(conduct=conduct, evidence="、".join(titles),
                                defendant=defendant, bases=bases, tried=tried)


def _evidence_titles(data: FilingData, most: int) -> Sequence[str]:
    titles = dict.fromkeys(clause(e.title) for e in data.evidence if clause(e.title))
    return list(titles)[:most]
