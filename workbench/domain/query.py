"""The queue's structured filter language, parsed into plain data (no SQL here).

    stage:mediation cat:跳码 provider:示例 assignee:me|none|wang.li overdue due:<3d
    priority:high status:open -status:closed decision:pending pattern:any "quoted phrase"
    free words

`key:value` terms narrow the queue; `a|b` means either; a leading `-` negates a term;
everything else is full-text search. Mistakes raise `FilterError` naming the term.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.ladder import PRIORITY_LABELS, STAGE_INFO, STATUS_LABELS, Priority, Stage
from workbench.domain.vocabulary import Decision

QUOTED_CHARS = 16  # of what the user typed, a message quotes this much: the hint stays in view


def quoted(typed: str) -> str:
    """What the user typed, in quotes, cut short so the message's hint stays readable."""
    return f"“{typed if len(typed) <= QUOTED_CHARS else typed[:QUOTED_CHARS - 1] + '…'}”"


class FilterError(ValueError):
    """A filter the user typed cannot be understood; `term` is the offending part."""

    def __init__(self, message: str, term: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.term = term


class Key(StrEnum):
    STAGE = "stage"
    CATEGORY = "cat"
    PROVIDER = "provider"
    ASSIGNEE = "assignee"
    PRIORITY = "priority"
    STATUS = "status"
    DECISION = "decision"
    DUE = "due"
    OPENED = "opened"
    CLOSED = "closed_at"
    REF = "ref"
    OVERDUE = "overdue"
    ESTIMATED = "estimated"
    PATTERN = "pattern"
    TEXT = "text"


ALIASES: dict[str, Key] = {
    "stage": Key.STAGE, "阶段": Key.STAGE,
    "cat": Key.CATEGORY, "category": Key.CATEGORY, "类别": Key.CATEGORY,
    "provider": Key.PROVIDER, "服务商": Key.PROVIDER,
    "assignee": Key.ASSIGNEE, "经办人": Key.ASSIGNEE,
    "priority": Key.PRIORITY, "优先级": Key.PRIORITY,
    "status": Key.STATUS, "状态": Key.STATUS,
    "decision": Key.DECISION, "受理决定": Key.DECISION,
    "due": Key.DUE, "期限": Key.DUE,
    "opened": Key.OPENED, "受理": Key.OPENED,
    "closed": Key.CLOSED,
    "ref": Key.REF, "编号": Key.REF,
    "pattern": Key.PATTERN, "预警": Key.PATTERN,
}
FLAGS: dict[str, Key] = {"overdue": Key.OVERDUE, "逾期": Key.OVERDUE,
                         "estimated": Key.ESTIMATED, "预估": Key.ESTIMATED}

STATUS_WORDS = {"open": ("open", "waiting"), "waiting": ("waiting",), "closed": ("closed",),
                **{label: (status.value,) for status, label in STATUS_LABELS.items()}}


@dataclass(frozen=True, slots=True)
class DateBound:
    """`op` is one of < <= > >= =; `day` is an absolute date."""

    op: str
    day: date


@dataclass(frozen=True, slots=True)
class Term:
    key: Key
    values: tuple[str, ...] = ()
    negated: bool = False
    bound: DateBound | None = None
    # pattern: the alerts' case ids, attached by the services (the detector is no SQL of
    # the store's); none attached matches nothing
    cases: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Filter:
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def text(self) -> list[str]:
        return [v for t in self.terms if t.key is Key.TEXT and not t.negated for v in t.values]

    def is_empty(self) -> bool:
        return not self.terms


_DATE_TERM = re.compile(r"^(<=|>=|<|>|=)?\s*(.+)$")
_RELATIVE = re.compile(r"^([+-]?\d{1,4})\s*([dw天周])?$")


def resolve_choice(term: str, value: str, options: dict[str, str], what: str) -> str:
    """Map a code, Chinese label or unambiguous label fragment to its code."""
    lowered = value.lower()
    if lowered in options:
        return options[lowered]
    fragments = {code for label, code in options.items() if value and value in label}
    if len(fragments) == 1:
        return fragments.pop()
    choices = ", ".join(sorted({c for c in options.values()}))
    if fragments:
        raise FilterError(f"{quoted(value)} 可指多个{what}: {', '.join(sorted(fragments))}", term)
    raise FilterError(f"没有这个{what}: {quoted(value)} (可选: {choices})", term)


STAGE_OPTIONS = {**{s.value: s.value for s in Stage},
                 **{info.label: s.value for s, info in STAGE_INFO.items()}}
CATEGORY_OPTIONS = {**{c.value: c.value for c in Category},
                    **{label: c.value for c, label in CATEGORY_LABELS.items()}}
DECISION_OPTIONS = {**{d.value: d.value for d in Decision},
                    **{d.label: d.value for d in Decision}}
PRIORITY_OPTIONS = {**{p.value: p.value for p in Priority},
                    **{label: p.value for p, label in PRIORITY_LABELS.items()}}


def _date_bound(term: str, raw: str, today: date, future: bool) -> DateBound:
    match = _DATE_TERM.match(raw)
    if not match:
        raise FilterError(f"无法理解日期条件 {quoted(raw)}", term)
    op, rest = match.group(1) or "=", match.group(2).strip()
    if rest in ("today", "今天"):
        return DateBound(op, today)
    if rest in ("week", "本周"):  # the last day of this week (Sunday)
        return DateBound(op, today + timedelta(days=6 - today.weekday()))
    if rest in ("month", "本月"):  # the first day of this month
        return DateBound(op, today.replace(day=1))
    relative = _RELATIVE.match(rest)
    if relative:
        amount = int(relative.group(1))
        unit = relative.group(2) or "d"
        days = amount * (7 if unit in ("w", "周") else 1)
        # due:<3d looks ahead; opened:<30d looks back ("in the last 30 days" means after)
        if future:
            return DateBound(op, today + timedelta(days=days))
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}[op]
        return DateBound(flipped, today - timedelta(days=days))
    try:
        return DateBound(op, date.fromisoformat(rest))
    except ValueError:
        raise FilterError(f"无法理解日期 {quoted(rest)} (例: due:<3d, due:<=2026-12-31, "
                          "opened:>2026-01-01, due:today)", term) from None


MAX_FILTER_CHARS = 500  # a filter is typed by a person: longer is a paste gone wrong
MAX_FILTER_TERMS = 20  # each term is a SQL condition


def parse_filter(text: str, today: date) -> Filter:
    """Parse what the user typed. Never raises anything but FilterError."""
    if len(text) > MAX_FILTER_CHARS:
        raise FilterError(f"筛选条件太长：{len(text)} 个字符，最多 {MAX_FILTER_CHARS} 个。",
                          text[:20])
    bad = next((ch for ch in text if ch == "\x00" or "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        raise FilterError(f"筛选条件含有无效字符 U+{ord(bad):04X}，请删去后重试。", text[:20])
    try:
        tokens = shlex.split(text, posix=True)
    except ValueError:
        raise FilterError("引号没有配对", text) from None
    if len(tokens) > MAX_FILTER_TERMS:
        raise FilterError(f"筛选条件太多：{len(tokens)} 项，最多 {MAX_FILTER_TERMS} 项。",
                          tokens[MAX_FILTER_TERMS])
    terms: list[Term] = []
    for token in tokens:
        if not token:
            continue
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        key_text, sep, value = body.partition(":")
        if not sep:
            flag = FLAGS.get(body.lower())
            terms.append(Term(flag, (), negated) if flag else Term(Key.TEXT, (body,), negated))
            continue
        key = ALIASES.get(key_text.lower())
        if key is None:
            # "http://…" or "12:30" in free text: treat as text, not as a typo'd key
            if not key_text.isalpha() or value.startswith("//"):
                terms.append(Term(Key.TEXT, (body,), negated))
                continue
            known = ", ".join(sorted(k for k in ALIASES if k.isascii()))
            raise FilterError(f"未知的筛选项 {quoted(key_text + ':')} (可用: {known})", token)
        if not value:
            raise FilterError(f"{quoted(key_text + ':')} 后面缺少值", token)
        terms.append(_term(token, key, value, negated, today))
    return Filter(tuple(terms))


def _term(token: str, key: Key, value: str, negated: bool, today: date) -> Term:
    alternatives = tuple(v for v in (part.strip() for part in value.split("|")) if v)
    if not alternatives:
        raise FilterError(f"{quoted(token)} 缺少值", token)
    if key is Key.STAGE:
        codes = tuple(resolve_choice(token, v, STAGE_OPTIONS, "阶段") for v in alternatives)
        return Term(key, codes, negated)
    if key is Key.CATEGORY:
        codes = tuple(resolve_choice(token, v, CATEGORY_OPTIONS, "类别") for v in alternatives)
        return Term(key, codes, negated)
    if key is Key.PRIORITY:
        codes = tuple(resolve_choice(token, v, PRIORITY_OPTIONS, "优先级") for v in alternatives)
        return Term(key, codes, negated)
    if key is Key.DECISION:
        codes = tuple(resolve_choice(token, v, DECISION_OPTIONS, "受理决定") for v in alternatives)
        return Term(key, codes, negated)
    if key is Key.STATUS:
        statuses: list[str] = []
        for v in alternatives:
            if v.lower() not in STATUS_WORDS:
                raise FilterError(f"没有这个状态: {quoted(v)} (可选: open, waiting, closed)", token)
            statuses.extend(STATUS_WORDS[v.lower()])
        return Term(key, tuple(dict.fromkeys(statuses)), negated)
    if key in (Key.DUE, Key.OPENED, Key.CLOSED):
        if len(alternatives) > 1:
            raise FilterError("日期条件不能用 | 组合; 写两个条件即可", token)
        bound = _date_bound(token, alternatives[0], today, future=key is Key.DUE)
        return Term(key, (), negated, bound)
    # provider, assignee, ref: matched by the store; pattern: resolved by the services
    return Term(key, alternatives, negated)
