"""The pattern detector (issue 14 item 4): alerts over the open cases by the rules of
domain/patterns.toml, each linking its cases and proposing a joint complaint or a 举报.

Counting is SQL (GROUP BY … HAVING over the open cases, one query per rule; the fee-rate
rule reads the narratives of its categories' open cases only). The result is cached per
database and change marker (the audit chain's head, which every write moves) and day, so
the queue's `pattern:` filter and the supervisor view recompute only after a change.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain.categories import CATEGORY_LABELS, Category
from workbench.domain.clock import CHINA
from workbench.domain.patterns import (
    Detector,
    PatternRule,
    Proposal,
    alert_id,
    load_patterns,
    rate_jump,
)
from workbench.domain.query import Filter, FilterError, Key, Term, quoted
from workbench.errors import NotFound, RuleViolation
from workbench.i18n import _
from workbench.services import addressees, groups
from workbench.services.context import Workbench
from workbench.services.filing_data import cited_ids
from workbench.store.models import Case, Provider
from workbench.store.queue import change_marker

CLOSED = "closed"
ANY = "any"


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    rule: str
    label: str
    detector: Detector
    proposal: Proposal
    what: str  # what the cases share: 费率上调/乱收费, 终端 SN…, 0.38%→0.63%
    provider: str  # the provider (or institution) they are against; "" when several
    case_ids: tuple[int, ...]
    refs: tuple[str, ...]
    first_opened: datetime
    last_opened: datetime
    report_to: str = ""  # for a 举报: the competent body the routing names

    @property
    def summary(self) -> str:
        against = f"{self.provider}：" if self.provider else ""
        return _("{against}{what}，{n} 件（{first:%m-%d} 至 {last:%m-%d} 受理）").format(
            against=against, what=self.what, n=len(self.case_ids),
            first=self.first_opened.astimezone(CHINA), last=self.last_opened.astimezone(CHINA))

    @property
    def proposed(self) -> str:
        if self.proposal is Proposal.GROUP:
            return _("建议组成共同投诉：workbench patterns group {id}").format(id=self.id)
        return _("建议向{body}举报").format(body=self.report_to or _("主管机关"))


_cache: dict[tuple[str, str, str], tuple[Alert, ...]] = {}
_lock = threading.Lock()


def alerts(wb: Workbench, rules: Iterable[PatternRule] | None = None) -> tuple[Alert, ...]:
    """Every alert the rules raise over the open cases, largest first (cached until the
    next write or the next day)."""
    chosen = tuple(rules) if rules is not None else load_patterns()
    with wb.store.session() as session:
        key = (str(wb.store.engine.url), change_marker(session),
               f"{wb.today()}:{hash(chosen)}")
        with _lock:
            cached = _cache.get(key)
        if cached is not None:
            return cached
        found = [a for rule in chosen for a in _detect(session, wb, rule)]
    found.sort(key=lambda a: -len(a.case_ids))  # stable: ties in the rules file's order
    result = tuple(found)
    with _lock:
        if len(_cache) > 16:
            _cache.clear()
        _cache[key] = result
    return result


def _since(wb: Workbench, rule: PatternRule) -> datetime | None:
    if not rule.days:
        return None
    start = wb.today() - timedelta(days=rule.days)
    return datetime(start.year, start.month, start.day, tzinfo=CHINA)


def _open(rule: PatternRule, wb: Workbench) -> list[Any]:
    where: list[Any] = [col(Case.status) != CLOSED]
    since = _since(wb, rule)
    if since is not None:
        where.append(col(Case.opened_at) >= since)
    if rule.categories:
        where.append(col(Case.primary_category).in_([c.value for c in rule.categories]))
    return where


Found = list[tuple[int, str, datetime]]  # (case id, ref, opened at), oldest first


def _cases(session: Session, *where: Any) -> Found:
    rows = session.execute(select(col(Case.id), col(Case.ref), col(Case.opened_at))
                           .join(Provider, col(Provider.id) == Case.provider_id)
                           .where(*where).order_by(col(Case.opened_at), col(Case.id))).all()
    return [(int(i or 0), str(ref), opened) for i, ref, opened in rows]


def _detect(session: Session, wb: Workbench, rule: PatternRule) -> list[Alert]:
    where = _open(rule, wb)
    found: list[tuple[str, str, str, Found]] = []
    if rule.detector is Detector.SAME_PROVIDER_CATEGORY:
        who = (func.coalesce(col(Provider.superior_id), col(Case.provider_id))
               if rule.by == "superior" else col(Case.provider_id))
        heavy = session.execute(
            select(who, col(Case.primary_category))
            .join(Provider, col(Provider.id) == Case.provider_id).where(*where)
            .group_by(who, col(Case.primary_category)).having(func.count() >= rule.min)).all()
        for provider_id, category in heavy:
            what = CATEGORY_LABELS[Category(category)] \
                if category in Category._value2member_map_ else str(category)
            found.append((f"{provider_id}:{category}", what, _name(session, provider_id),
                          _cases(session, *where, who == provider_id,
                                 col(Case.primary_category) == category)))
    elif rule.detector is Detector.SAME_TERMINAL:
        terminals = session.execute(
            select(col(Case.terminal_sn)).where(*where, col(Case.terminal_sn) != "")
            .group_by(col(Case.terminal_sn))
            .having(func.count(distinct(col(Case.complainant_id))) >= rule.min)).scalars().all()
        for sn in terminals:
            providers = set(session.execute(select(col(Case.provider_id)).distinct().where(
                *where, col(Case.terminal_sn) == sn)).scalars())
            found.append((sn, _("终端 {sn}").format(sn=sn),
                          _name(session, providers.pop()) if len(providers) == 1 else "",
                          _cases(session, *where, col(Case.terminal_sn) == sn)))
    elif rule.detector is Detector.FEE_RATE_JUMP:
        by_jump: dict[tuple[int, str], Found] = defaultdict(list)
        for case_id, ref, opened, provider_id, narrative in session.execute(
                select(col(Case.id), col(Case.ref), col(Case.opened_at), col(Case.provider_id),
                       col(Case.narrative)).where(*where)
                .order_by(col(Case.opened_at), col(Case.id))):
            jump = rate_jump(narrative)
            if jump:
                by_jump[(provider_id, jump)].append((int(case_id or 0), ref, opened))
        for (provider_id, jump), rows in by_jump.items():
            if len(rows) >= rule.min:
                found.append((f"{provider_id}:{jump}", _("费率 {jump}").format(jump=jump),
                              _name(session, provider_id), rows))
    return [_alert(session, wb, rule, key, what, provider, rows)
            for key, what, provider, rows in found]


def _name(session: Session, provider_id: int) -> str:
    provider = session.get(Provider, provider_id)
    return provider.name if provider else ""


def _alert(session: Session, wb: Workbench, rule: PatternRule, key: str, what: str,
           provider: str, rows: Found) -> Alert:
    report_to = ""
    if rule.propose is Proposal.REPORT:
        report_to = _report_body(session, wb, rows[0][0])
    return Alert(id=alert_id(rule.id, key), rule=rule.id, label=rule.label,
                 detector=rule.detector, proposal=rule.propose, what=what, provider=provider,
                 case_ids=tuple(r[0] for r in rows), refs=tuple(r[1] for r in rows),
                 first_opened=rows[0][2], last_opened=rows[-1][2], report_to=report_to)


def _report_body(session: Session, wb: Workbench, case_id: int) -> str:
    """Whom a 举报 about the case goes to: the first addressee the routing of a 举报信
    names (routes.toml: the body that enforces the rules its categories cite)."""
    case = session.get(Case, case_id)
    if case is None:
        return ""
    options = addressees.choices(session, case, "samr_report",
                                 cited=cited_ids(session, wb, case))
    return options[0].name if options else ""


def supervisor_alerts(wb: Workbench) -> tuple[Alert, ...]:
    """The supervisor view's alerts: refused (RuleViolation) unless the actor is a
    supervisor or an admin."""
    from workbench.domain.ladder import Role
    from workbench.services.identity import role_of

    with wb.store.session() as session:
        role = role_of(session, wb.actor)
    if role not in (Role.SUPERVISOR, Role.ADMIN):
        raise RuleViolation(_("{actor} 不能查看规律预警：只有负责人和管理员可以。").format(
            actor=wb.actor), _("队列中可用 pattern:any 筛选预警涉及的案件。"))
    return alerts(wb)


def find_alert(wb: Workbench, alert: str) -> Alert:
    """One alert by its name (NotFound, listing the current ones, when there is none)."""
    current = alerts(wb)
    for found in current:
        if found.id == alert.strip():
            return found
    names = "、".join(a.id for a in current[:5])
    raise NotFound(_("没有预警 {alert!r}（案件变化后预警会重新计算）。").format(
                       alert=alert.strip()),
                   _("当前的预警：{names}").format(names=names) if names
                   else _("当前没有预警：workbench patterns list"))


def group_alert(wb: Workbench, alert: str, name: str = "") -> groups.GroupDetail:
    """Form a joint complaint of the alert's cases that are in no open group yet (named
    after the alert unless `name` is given)."""
    found = find_alert(wb, alert)
    with wb.store.session() as session:
        free = [ref for case_id, ref in zip(found.case_ids, found.refs, strict=True)
                if groups.open_group_of(session, case_id) is None]
    if len(free) < 2:
        raise RuleViolation(_("预警 {alert} 的案件已在共同投诉中（或不足两件）。").format(
            alert=found.id), _("用 workbench group list 查看。"))
    return groups.create_group(wb, name or found.id, free)


def resolve_filter(wb: Workbench, flt: Filter) -> Filter:
    """The queue's `pattern:ID` / `pattern:any` terms with the alerts' cases attached (the
    store matches them by id); an unknown alert is a FilterError naming it."""
    if not any(t.key is Key.PATTERN for t in flt.terms):
        return flt
    current = {a.id: a for a in alerts(wb)}
    terms = []
    for term in flt.terms:
        if term.key is not Key.PATTERN:
            terms.append(term)
            continue
        ids: set[int] = set()
        for value in term.values:
            if value.lower() == ANY:
                ids.update(i for a in current.values() for i in a.case_ids)
            elif value in current:
                ids.update(current[value].case_ids)
            else:
                raise FilterError(_("没有这个预警：{alert}（可用 pattern:any）").format(
                    alert=quoted(value)), f"pattern:{value}")
        terms.append(Term(term.key, term.values, term.negated, cases=tuple(sorted(ids))))
    return Filter(tuple(terms))
