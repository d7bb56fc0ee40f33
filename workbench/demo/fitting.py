"""Which evidence a demo case lists: the drawn item unless it names another category's
facts, a shop's words in a person's case, or repeats an item the case already lists; and
which words of an answer or a close fit the remedies the case claims. Chosen after the
draws, never drawn: the demo's other values stay where they are."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from workbench.demo.phrases import EVIDENCE_FORMS, EVIDENCE_TEMPLATES, REMEDY_WORDS
from workbench.domain.categories import CHECKLISTS, Category, EvidenceKind, foreign_categories
from workbench.domain.scope_words import business_signs
from workbench.domain.vocabulary import DisputeScope

_EVIDENCE_KINDS = tuple(EvidenceKind)
# evidence kinds each category's checklist asks for, in a fixed order
WANTED_KINDS: dict[Category, tuple[EvidenceKind, ...]] = {
    category: tuple(kind for item in items for kind in sorted(item.kinds))
    for category, items in CHECKLISTS.items()}


Template = tuple[str, str, str]  # (title, media type, file name pattern)


# the case's categories; a shop's case; whether its complaint says the rate was raised;
# the money words (MONEY_WORDS) its requests claim
Fitting = tuple[tuple[Category, ...], bool, bool, frozenset[str]]
# a sum an exhibit may speak of: only in a case whose requests claim it (review round 6
# D1: a 押金收据 in a case of a 99元 流量卡年费)
MONEY_WORDS = ("押金", "返现", "激活费", "服务费", "流量卡", "退费")
# a fact that says the rate was raised (and to what): only a case whose complaint says so
_RAISED = ("{r1}", "上调")


@functools.cache
def fits(fact: str, fitting: Fitting) -> bool:
    """A 证明对象 that names none of the case's categories' words but another's does not
    fit the case (the pre-flight's ``evidence_off_case``); nor, in a person's case, one
    with a shop's words (``scope_words.toml``: a 特约商户受理协议, 结算款); nor a raised
    rate in a case whose complaint states none (an 其他 case names no category)."""
    categories, shop, raised, claimed = fitting
    return not foreign_categories(fact, categories) and (
        shop or not business_signs(DisputeScope.CONSUMER, fact)) and (
        raised or not any(word in fact for word in _RAISED)) and all(
        word in claimed for word in MONEY_WORDS if word in fact)


def claimed_words(demands: list[dict[str, Any]]) -> frozenset[str]:
    """The money words (MONEY_WORDS) the requests claim: 退费 for any sum given back."""
    asked = " ".join(d["text"] for d in demands)
    words = {word for word in MONEY_WORDS if word in asked}
    if "退还" in asked or "免除" in asked:
        words.add("退费")
    return frozenset(words)


@functools.cache
def fitting_template(kind: EvidenceKind, drawn: Template, fitting: Fitting
                      ) -> tuple[EvidenceKind, Template]:
    """The drawn evidence if one of the facts it may prove fits the case; else the first
    that does, among the same kind's templates, then the primary category's checklist
    kinds', then any (a 情况说明 names no category). Chosen, not drawn: the draws stay."""
    for k, template in _candidates(kind, drawn, fitting):
        if fits(template[0], fitting) and any(
                fits(fact, fitting) for fact in EVIDENCE_FORMS[template[0]].facts):
            return k, template
    raise AssertionError("no evidence fits")  # pragma: no cover - a 情况说明 always does


def _candidates(kind: EvidenceKind, drawn: Template, fitting: Fitting
                ) -> list[tuple[EvidenceKind, Template]]:
    """The drawn evidence, then the same kind's templates, then the primary category's
    checklist kinds', then any."""
    kinds = (kind, *WANTED_KINDS[fitting[0][0]], *_EVIDENCE_KINDS)
    return [(kind, drawn)] + [(k, t) for k in kinds for t in EVIDENCE_TEMPLATES[k]]


def fitting_fact(template: str, drawn: int, fitting: Fitting) -> str:
    """The drawn fact of a template if it fits the case, else the next one that does."""
    return fitting_facts(template, drawn, fitting)[0]


def fitting_facts(template: str, drawn: int, fitting: Fitting) -> list[str]:
    """A template's facts from the drawn one on, those that fit the case first."""
    facts = EVIDENCE_FORMS[template].facts
    turn = [facts[(drawn + i) % len(facts)] for i in range(len(facts))]
    return sorted(turn, key=lambda fact: not fits(fact, fitting))


def unshown(kind: EvidenceKind, drawn: Template, which: float, fitting: Fitting,
             shown: set[tuple[str, str]], say: Callable[[str], str]
             ) -> tuple[EvidenceKind, Template, str, str]:
    """The drawn evidence (as `fitting_template` and `fitting_fact` choose it) unless the
    case already lists the same title with the same 证明对象 (review round 5: 136's two
    "结算账户流水"); then another fitting fact of it, else the next fitting template that
    is not listed yet. Chosen, not drawn. Returns the kind, template, title and fact, said
    (`say` fills the month, the rates and the date)."""
    first = fitting_template(kind, drawn, fitting)
    candidates = [first] + [c for c in _candidates(kind, drawn, fitting) if c != first]
    for index, (k, template) in enumerate(candidates):
        if index and not fits(template[0], fitting):
            continue
        facts = EVIDENCE_FORMS[template[0]].facts
        turn = fitting_facts(template[0], int(which * len(facts)), fitting)
        usable = [fact for fact in turn if fits(fact, fitting)] or (turn[:1] if not index
                                                                      else [])
        for fact in usable:
            said = (say(template[0]), say(fact))
            if said not in shown:
                return k, template, *said
    k, template = first
    facts = EVIDENCE_FORMS[template[0]].facts
    return k, template, say(template[0]), say(
        fitting_fact(template[0], int(which * len(facts)), fitting))


def since_trouble(obtained: int, began: int, opened: int) -> int:
    """The day a piece of evidence was obtained, moved into [began, opened] when drawn
    before the trouble began (a 交易明细 of a month before the rate rose proves nothing of
    the rise); the same draw, folded."""
    if obtained >= began:
        return obtained
    return began + (began - obtained) % max(1, opened - began + 1)


def fit_remedy(text: str, demands: list[dict[str, Any]]) -> str:
    """An answer or a close reason as drawn, unless it speaks of a remedy the requests do
    not claim (``phrases.REMEDY_WORDS``); then its wording for the remedy they claim."""
    entry = REMEDY_WORDS.get(text)
    if entry is None:
        return text
    needed, instead = entry
    asked = " ".join(d["text"] for d in demands)
    if any(word in asked for word in needed):
        return text
    return next((said for word, said in instead.items() if word and word in asked),
                instead[""])


# the sums an evidence item may name, by the word a request claims it with
_SUMS = {"deposit": re.compile(r"押金([\d,.]+元)"), "cashback": re.compile(r"返现([\d,.]+元)")}


def claimed_sums(demands: list[dict[str, Any]]) -> dict[str, str]:
    """The 押金 and 返现 the requests claim ("299元"; "" for one they do not): a receipt or
    a leaflet names the case's own sum (review round 4: "返现299元" against a claim of
    300元), or none."""
    asked = " ".join(d["text"] for d in demands)
    return {name: (found.group(1) if (found := pattern.search(asked)) else "")
            for name, pattern in _SUMS.items()}
