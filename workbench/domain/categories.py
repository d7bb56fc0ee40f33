"""Complaint categories, evidence kinds and per-category evidence checklists (DESIGN §3)."""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from workbench.domain.vocabulary import Coded


class Category(Coded):
    FEE_INCREASE = "fee_increase", "费率上调/乱收费"
    DEPOSIT_FEES = "deposit_fees", "押金/激活费/服务费"
    SIM_FEES = "sim_fees", "流量卡/SIM年费"
    CASHBACK = "cashback", "激活返现未兑现"
    CODE_JUMPING = "code_jumping", "跳码"
    SETTLEMENT = "settlement", "到账延迟/资金冻结"
    SECONDARY_CLEARING = "secondary_clearing", "二清"
    DATA_LEAK = "data_leak", "个人信息泄露"
    FALSE_ADVERTISING = "false_advertising", "虚假宣传/冒充银联"
    UNREACHABLE = "unreachable", "客服失联/推诿"
    DEVICE_FAULT = "device_fault", "机具故障"
    OTHER = "other", "其他"


CATEGORY_LABELS: dict[Category, str] = {member: member.label for member in Category}


class EvidenceKind(Coded):
    CONTRACT = "contract", "合同"
    RECEIPT = "receipt", "收据/发票"
    TRANSACTION = "transaction", "交易记录"
    CHAT = "chat", "聊天记录"
    CALL = "call", "通讯记录"
    PHOTO = "photo", "照片"
    VIDEO = "video", "视频/监控"
    ADVERTISING = "advertising", "宣传材料"
    OTHER = "other", "其他"


EVIDENCE_LABELS: dict[EvidenceKind, str] = {member: member.label for member in EvidenceKind}


def original_label(original: bool, carrier: str = "") -> str:
    """原件 / 复印件 of an evidence item, with its 载体 when it is not on paper: 原件（U盘）."""
    label = "原件" if original else "复印件"
    return f"{label}（{carrier.strip()}）" if carrier.strip() else label


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One thing a case of a category should have; any of `kinds` satisfies it."""

    label: str
    kinds: frozenset[EvidenceKind]


def _item(label: str, *kinds: EvidenceKind) -> ChecklistItem:
    return ChecklistItem(label, frozenset(kinds))


K = EvidenceKind
CHECKLISTS: dict[Category, tuple[ChecklistItem, ...]] = {
    Category.FEE_INCREASE: (
        _item("合同或签字的费率告知书", K.CONTRACT),
        _item("显示实际费率的交易记录", K.TRANSACTION),
    ),
    Category.DEPOSIT_FEES: (
        _item("扣费凭证或收据", K.RECEIPT, K.TRANSACTION),
        _item("办理时的承诺或宣传", K.CHAT, K.ADVERTISING, K.CONTRACT),
    ),
    Category.SIM_FEES: (
        _item("流量卡/SIM年费扣费记录", K.TRANSACTION, K.RECEIPT),
        _item("合同或收费告知", K.CONTRACT, K.CHAT),
    ),
    Category.CASHBACK: (
        _item("返现承诺(宣传或聊天记录)", K.ADVERTISING, K.CHAT),
        _item("激活及交易达标记录", K.TRANSACTION),
    ),
    Category.CODE_JUMPING: (
        _item("显示商户名称/MCC异常的交易记录", K.TRANSACTION),
        _item("机具照片或商户信息截图", K.PHOTO),
    ),
    Category.SETTLEMENT: (
        _item("交易及到账记录", K.TRANSACTION),
        _item("与客服的沟通记录", K.CHAT, K.CALL),
    ),
    Category.SECONDARY_CLEARING: (
        _item("结算资金来源的交易记录", K.TRANSACTION),
        _item("合同或入网资料", K.CONTRACT),
    ),
    Category.DATA_LEAK: (
        _item("骚扰或泄露的证据（短信、来电、截图）", K.CALL, K.CHAT, K.PHOTO),
        _item("向服务商提供信息的记录", K.CONTRACT, K.CHAT),
    ),
    Category.FALSE_ADVERTISING: (
        _item("宣传材料", K.ADVERTISING, K.PHOTO, K.VIDEO),
        _item("合同或实际收费凭证", K.CONTRACT, K.RECEIPT, K.TRANSACTION),
    ),
    Category.UNREACHABLE: (
        _item("联系客服的通讯记录", K.CALL, K.CHAT),
    ),
    Category.DEVICE_FAULT: (
        _item("故障照片或视频", K.PHOTO, K.VIDEO),
        _item("购机或领机凭证", K.RECEIPT, K.CONTRACT),
    ),
    Category.OTHER: (
        _item("能说明问题的任何证据", *EvidenceKind),
    ),
}


# What a merchant's business dispute needs besides its categories' items: the contract
# it is argued under, that the complainant is a business, and where its money went.
BUSINESS_CHECKLIST: tuple[ChecklistItem, ...] = (
    _item("特约商户受理协议（商户协议）", K.CONTRACT),
    _item("营业执照或个体工商户登记（经营主体）", K.PHOTO, K.OTHER),
    _item("结算账户的入账记录", K.TRANSACTION),
)


def missing_evidence(
    categories: Iterable[Category], have: Iterable[EvidenceKind]
) -> list[tuple[Category, ChecklistItem]]:
    """Checklist items of the given categories that no evidence of `have` satisfies."""
    kinds = set(have)
    return [
        (category, item)
        for category in categories
        for item in CHECKLISTS[category]
        if not item.kinds & kinds
    ]


# The legal basis of each category, per dispute scope, is data: register ids in
# domain/law/bases.toml (see `domain.law.bases.basis_for`).


@dataclass(frozen=True, slots=True)
class CategoryWords:
    words: tuple[str, ...]
    fits: frozenset[Category]  # other categories whose evidence a case of it relies on
    anywhere: bool = False  # its evidence fits a case of any category


@functools.cache
def category_words() -> dict[Category, CategoryWords]:
    """domain/category_words.toml: the words that name each category in a text."""
    raw = tomllib.loads(resources.files("workbench.domain").joinpath("category_words.toml")
                        .read_text("utf-8"))
    return {Category(code): CategoryWords(tuple(entry["words"]), frozenset(
        Category(c) for c in entry.get("fits", ())), bool(entry.get("anywhere", False)))
        for code, entry in raw.items()}


def categories_named(text: str) -> frozenset[Category]:
    """The categories a text names by their words (case-blind for latin words: SIM)."""
    folded = text.casefold()
    return frozenset(category for category, entry in category_words().items()
                     if any(word.casefold() in folded for word in entry.words))


def foreign_categories(text: str, case: Iterable[Category]) -> frozenset[Category]:
    """The categories a text names when none of them is one of the case's (or a category
    whose evidence they may rely on); empty when it fits, names none, or the case is of
    其他 or has no category."""
    own = set(case)
    if not own or Category.OTHER in own:
        return frozenset()
    words = category_words()
    allowed = own | {c for category in own if category in words for c in words[category].fits}
    # an anywhere category's words neither make an item foreign nor make it fit: "客服推诿"
    # beside "要求退费" is still a refund in a case that claims none
    named = categories_named(text) - {c for c, entry in words.items() if entry.anywhere}
    return frozenset() if named & allowed or not named - allowed else named
