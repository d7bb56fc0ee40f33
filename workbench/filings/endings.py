"""The words of a case's end and of the press brief, as data (``endings.toml``,
``press.toml``): read once, checked against the category codes."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.filings.titles import demand_subjects


@functools.cache
def endings() -> dict[str, Any]:
    """endings.toml: the agreement's, the termination notice's and the report's words."""
    return tomllib.loads(resources.files("workbench.filings").joinpath("endings.toml")
                         .read_text("utf-8"))


def cancels(demands: Iterable[str]) -> bool:
    """Whether a demand asks to end the service (注销, 解除, 停止扣费…: endings.toml)."""
    words = endings()["agreement"]["cancel_words"]
    return any(word in text for text in demands for word in words)


def waives(text: str) -> bool:
    """Whether a demand only asks the provider to drop a charge (免除违约金, 不再收取年费:
    endings.toml waiver_words), with no refund or payment: no money flows."""
    words = endings()["agreement"]
    if any(verb in text for verb in (*words["refund_verbs"], *words["pay_verbs"])):
        return False
    return any(word in text for word in words["waiver_words"])


def payable_fen(demands: Iterable[tuple[str, int | None]]) -> int:
    """The money (text, sum) demands ask to be paid or given back: a waiver's sum is none
    (the 合计, the agreement's payment and the 挽回 all count this; the demo too)."""
    return sum(fen or 0 for text, fen in demands if not waives(text))


def waived_fen(demands: Iterable[tuple[str, int | None]]) -> int:
    """The sums of the demands that waive a charge (减免, never 挽回)."""
    return sum(fen or 0 for text, fen in demands if fen and waives(text))


@dataclass(frozen=True, slots=True)
class PressWords:
    subject: dict[Category, str]
    report: dict[Category, str]  # the conduct a 举报信 reports
    tips: dict[tuple[Category, str], tuple[str, ...]]  # (category, scope) → tips
    common: dict[str, tuple[str, ...]]  # scope → tips said in every brief
    headings: dict[str, str]  # scope → 消费提示 / 商户提示


SCOPES = ("consumer", "merchant")


@functools.cache
def press_words() -> PressWords:
    """press.toml, every category present (a missing one is a packaging bug)."""
    raw = tomllib.loads(resources.files("workbench.filings").joinpath("press.toml")
                        .read_text("utf-8"))
    table = raw["category"]
    missing = [c.value for c in Category if c.value not in table]
    if missing:
        raise ValueError(f"press.toml lacks categories {missing}")
    return PressWords(
        {c: str(table[c.value]["press"]) for c in Category},
        {c: str(table[c.value]["report"]) for c in Category},
        {(c, s): tuple(table[c.value].get(s, ())) for c in Category for s in SCOPES},
        {s: tuple(raw["tips"].get(s, ())) for s in SCOPES},
        {s: str(raw["tips"][f"{s}_heading"]) for s in SCOPES})


def category_of(label: str) -> Category | None:
    """The category a filing's label names (FilingData carries labels)."""
    for category, text in CATEGORY_LABELS.items():
        if text == label:
            return category
    return None


def named_categories(labels: Iterable[str]) -> list[Category]:
    """The categories a filing's labels name, 其他 left out when another is there."""
    found = [c for c in (category_of(label) for label in labels) if c is not None]
    return [c for c in found if c is not Category.OTHER] or found


def topics(labels: Iterable[str], demands: Iterable[str] = ()) -> str:
    """What a case concerns, in neutral words for a sentence (press.toml, never an
    internal label): POS机刷卡费率调整争议、流量卡年费争议; a dispute only the demands
    name (titles.toml [[demand_subject]]: 注销违约金) first."""
    words = [*demand_subjects(demands),
             *(press_words().subject[c] for c in named_categories(labels))]
    if len(words) < 2:
        return "".join(words)
    # one 争议 for the list: POS机激活返现、押金收费争议
    return "、".join([w.removesuffix("争议") for w in words[:1]]
                    + [t.removeprefix("POS机").removesuffix("争议") for t in words[1:]]) + "争议"
