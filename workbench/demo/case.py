"""One demo case: its rows (complainant, case, contacts, evidence, notes, approvals) and
its history, every entry built by `domain.events` with the payload the services write.

The history obeys the ladder (`domain.ladder.refusals` finds nothing to refuse when it is
replayed): the provider is contacted before the case leaves that rung, the bodies holding
the dispute are recorded before the first administrative rung, a supervisor approves
media and legal before the move, skips carry a reason, closing carries an outcome.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import Any

from workbench.demo.case_ends import in_step_order, litigation_facts, mediation_end
from workbench.demo.cast import Providers, new_person
from workbench.demo.days import DayClock, between
from workbench.demo.draws import Rand, Weighted
from workbench.demo.fitting import (
    WANTED_KINDS,
    claimed_sums,
    claimed_words,
    fit_remedy,
    since_trouble,
    unshown,
)
from workbench.demo.history import CasePlan, Step
from workbench.demo.names import POS_MODELS, PersonInfo, ProviderInfo, counterpart
from workbench.demo.phrases import (
    AGREED_REASONS,
    ANNOTATION_TAGS,
    ANNOTATIONS,
    APPROVAL_NOTES,
    APPROVAL_REASONS,
    CLOSE_REASONS,
    CONTACT_CHANNELS,
    CONTACT_OUTCOMES,
    CONTACT_SUMMARIES,
    DENIAL_NOTES,
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_FORMS,
    EVIDENCE_SOURCES,
    EVIDENCE_TEMPLATES,
    MEDIATION_SESSION,
    UNREACHABLE_REASON,
    UNREACHED_CALLS,
)
from workbench.demo.stories import Story, story
from workbench.domain import events
from workbench.domain.categories import Category, EvidenceKind
from workbench.domain.events import NewEvent
from workbench.domain.ladder import STAGE_INFO, Body, Outcome, Priority, Stage, Status
from workbench.domain.vocabulary import ApprovalStatus, ContactChannel, IndustryBody
from workbench.filings.contacts import contact_book
from workbench.filings.endings import payable_fen
from workbench.services.cases import REF_PREFIX, default_scope

Batch = dict[str, list[dict[str, Any]]]
# (moment, order within the moment, event, actor)
Entry = tuple[int, int, NewEvent, str]

PRIORITY_WEIGHTS: tuple[tuple[Priority, int], ...] = (
    (Priority.LOW, 15), (Priority.NORMAL, 58), (Priority.HIGH, 21), (Priority.URGENT, 6),
)
CATEGORY_WEIGHTS: tuple[tuple[Category, int], ...] = (
    (Category.FEE_INCREASE, 22), (Category.DEPOSIT_FEES, 14), (Category.SIM_FEES, 10),
    (Category.CASHBACK, 9), (Category.CODE_JUMPING, 8), (Category.SETTLEMENT, 10),
    (Category.SECONDARY_CLEARING, 3), (Category.DATA_LEAK, 5),
    (Category.FALSE_ADVERTISING, 8), (Category.UNREACHABLE, 5), (Category.DEVICE_FAULT, 4),
    (Category.OTHER, 2),
)
EVIDENCE_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4)  # 0–4 per case
CONTACT_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3, 4)
NOTE_COUNTS = (0, 0, 0, 1, 1, 1, 2, 2, 3)
FRESH_CONTACT = 0.25  # open cases with a contact in the last days, follow-up ahead
PENDING_APPROVAL = 0.15  # open administrative cases that asked to go to media or legal
_EVIDENCE_KINDS = tuple(EvidenceKind)
_CATEGORIES = tuple(Category)
_PRIORITIES = tuple(Priority)
# where industry cases go: mostly the PBOC branch (payment institutions), then the 支付清算协会
# for reported violations, the NFRA office (bank acquirers) and 银联
_INDUSTRY_BODIES = (IndustryBody.PBOC_BRANCH, IndustryBody.PCAC, IndustryBody.PBOC_BRANCH,
                    IndustryBody.NFRA_OFFICE, IndustryBody.UNIONPAY)
# the sides an association's letter goes to (the 投诉函 of the provider and superior rungs)
_LETTER_SIDES = frozenset(Stage(side) for side in contact_book().letter_to.values())
# created, assigned, bodies/approvals, stage moves, contacts, evidence, notes
O_CREATED, O_ASSIGNED, O_BEFORE_MOVE, O_MOVE, O_CONTACT, O_EVIDENCE, O_NOTE = range(7)


WAVE_MIN_DEMO = 1000  # a demo this big gains a wave (the tests' small demos stay as they were)
WAVE_DAYS = 21  # the wave's cases were opened in the last three weeks
WAVE_MOST = 40


@dataclass
class Wave:
    """One agent's fee rise making a wave of complaints (issue 14: an alert, one group, one
    letter). Without a draw of its own: the recent open fee-rise complaints against agents
    are re-pointed at one agent before their story is told, up to WAVE_MOST of them."""

    agent: ProviderInfo
    since: int  # moment
    left: int = WAVE_MOST

    def takes(self, plan: CasePlan, provider: ProviderInfo, primary: Category) -> bool:
        if (self.left <= 0 or plan.stage is Stage.CLOSED or plan.opened < self.since
                or primary is not Category.FEE_INCREASE or provider.kind != "agent"
                or not provider.superior):
            return False
        self.left -= 1
        return True


class CaseBuilder:
    """Turns case plans into rows and history entries; owns the id counters."""

    def __init__(self, r: Rand, clock: DayClock, seed: int, providers: Providers,
                 logins: dict[str, int], workers: list[str], supervisors: list[str],
                 ids: dict[str, int]) -> None:
        self.r, self.clock, self.seed = r, clock, seed
        self.providers = providers
        self.logins, self.workers, self.supervisors = logins, workers, supervisors
        self.ids = ids  # next id per table
        self.people: list[PersonInfo] = []
        self.ref_numbers: dict[int, int] = {}
        self.category_w = Weighted(CATEGORY_WEIGHTS)
        self.priority_w = Weighted(PRIORITY_WEIGHTS)
        self.channel_w = Weighted(CONTACT_CHANNELS)
        self.wave: Wave | None = None  # set by the generator for a demo big enough

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def build(self, plan: CasePlan, batch: Batch) -> list[Entry]:
        """Append the case's rows to `batch`; return its history in time order."""
        r, clock = self.r, self.clock
        stage, last, steps, outcome = plan.stage, plan.last, plan.steps, plan.outcome
        draw, opened, assignee = plan.draw, plan.opened, plan.assignee
        case_id = self._id("complaint_case")
        # the industry body this case would be sent to, should it reach that rung
        self.body = _INDUSTRY_BODIES[case_id % len(_INDUSTRY_BODIES)].value
        closed = stage is Stage.CLOSED
        end_moment = steps[-1].moment if closed else clock.now

        # who complains about whom
        if self.people and r.chance(0.12):
            person = self.people[int(r.random() * len(self.people))]
        else:
            row, person = new_person(r, clock, self._id("complainant"))
            batch["people"].append(row)
            self.people.append(person)
        provider: ProviderInfo = self.providers.pick.draw(r)
        superior = (self.providers.by_id[provider.superior] if provider.superior
                    else None)

        # categories: the first ones cover every category, then weighted
        primary: Category = (_CATEGORIES[draw] if draw < len(_CATEGORIES)
                             else self.category_w.draw(r))
        categories = [primary]
        for _ in range(0 if r.chance(0.45) else (1 if r.chance(0.75) else 2)):
            extra: Category = self.category_w.draw(r)
            if extra not in categories and extra is not Category.OTHER:
                categories.append(extra)
        if self.wave is not None and self.wave.takes(plan, provider, primary):
            provider = self.wave.agent  # after the draws: every other case stays as it was
            superior = self.providers.by_id[provider.superior] if provider.superior else None
        priority: Priority = (_PRIORITIES[draw % len(_PRIORITIES)] if draw < 12
                              else self.priority_w.draw(r))
        creator = assignee if assignee and r.chance(0.55) else r.pick(self.workers)
        owner = assignee or creator
        supervisor = r.pick(self.supervisors)

        day_opened = opened // 86400
        year = clock.days[day_opened].year
        number = self.ref_numbers.get(year, 0) + 1
        self.ref_numbers[year] = number
        ref = f"{REF_PREFIX}-{year}-{number:06d}"
        model, sn_prefix = r.pick(POS_MODELS)
        sn = f"{sn_prefix}{r.num(10**9, 10**10 - 1)}"
        told = story(r, clock, primary, categories, person, provider, superior, model, sn,
                     day_opened)
        demands = told.demands
        claimed = sum(d["amount_fen"] for d in demands)

        history: list[Entry] = []
        intake_due = clock.due(Stage.INTAKE, day_opened)
        history.append((opened, O_CREATED, events.created(
            ref=ref, title=told.title, stage=Stage.INTAKE,
            due_on=intake_due.day if intake_due else None,
            due_estimated=bool(intake_due and intake_due.estimated), categories=categories,
            assignee=assignee if creator == assignee else None), creator))
        scope, scope_reason = default_scope(person.kind)
        history.append((opened, O_CREATED, events.scope_set(scope, scope_reason), creator))
        if assignee and creator != assignee:
            history.append((opened + r.num(300, 3000), O_ASSIGNED,
                            events.assigned(None, assignee), supervisor))

        follow_ups = self._contacts(plan, case_id, owner, provider, superior, person,
                                    end_moment, batch, history, demands)
        self._evidence_and_notes(  # its titles and notes reach search in one rebuild
            case_id, ref, opened, end_moment, told, categories, owner, supervisor, batch,
            history, shop=person.kind == "merchant")
        held = self._moves(plan, case_id, owner, supervisor, follow_ups, batch, history)

        # where the case stands now
        current_entry = steps[-1].moment
        recovered = 0
        reason = ""  # the close's
        closed_at = None
        follow_up_on: date | None = None
        stage_due_on: date | None = None
        estimated = False
        status = Status.CLOSED
        if closed:
            assert outcome is not None
            # the money asked: a waived charge (免除违约金) is granted, never 挽回
            payable = payable_fen((d["text"], d["amount_fen"]) for d in demands)
            if outcome is Outcome.RESOLVED:
                recovered = payable
            elif outcome is Outcome.PARTIALLY_RESOLVED:
                recovered = payable * r.num(25, 80) // 100
            closed_at = clock.at(current_entry)
            prev = self._snapshot(steps[-2], follow_ups, current_entry)
            # drawn as always (the later draws stay the same), then said as the mediation
            # ended: an agreement's reason is the agreement's
            reason = fit_remedy(r.pick(CLOSE_REASONS[outcome]), demands)
            if last is Stage.MEDIATION:
                reason = AGREED_REASONS.get(outcome, reason)
            if reason == UNREACHABLE_REASON:
                self._unreached(case_id, owner, person, last, steps[-2].moment,
                                current_entry, batch, history)
            history.append((current_entry, O_MOVE, events.stage_changed(
                previous=last, to=Stage.CLOSED, reason=reason,
                due_on=None, due_estimated=False, outcome=outcome, recovered_fen=recovered,
                prev=prev), r.pick((owner, owner, supervisor))))
        else:
            status = (Status.OPEN if stage is Stage.INTAKE or r.chance(0.45)
                      else Status.WAITING)
            stage_due = clock.due(stage, current_entry // 86400, self.body)
            stage_due_on = stage_due.day if stage_due else None
            estimated = bool(stage_due and stage_due.estimated)
            if follow_ups:
                follow_up_on = clock.days[follow_ups[-1][1]]
            if stage in (Stage.MEDIATION, Stage.NATIONAL, Stage.INDUSTRY) \
                    and r.chance(PENDING_APPROVAL):
                self._approval(case_id, r.pick((Stage.MEDIA, Stage.LEGAL)), owner, supervisor,
                               current_entry, clock.now, batch, history,
                               decided=ApprovalStatus.DENIED if r.chance(0.25) else None)
        dates = [d for d in (stage_due_on, follow_up_on) if d is not None]
        due_on = min(dates) if dates else None

        history.sort(key=_entry_order)
        last_moment, _o, _e, last_actor = history[-1]
        batch["cases"].append({
            "id": case_id, "ref": ref, "title": told.title, "complainant_id": person.id,
            "provider_id": provider.id, "terminal_sn": sn,
            "categories": [c.value for c in categories], "primary_category": primary.value,
            "narrative": told.narrative, "demands": demands, "amount_claimed_fen": claimed,
            "amount_recovered_fen": recovered, "stage": stage.value, "status": status.value,
            "outcome": outcome.value if outcome else None, "priority": priority.value,
            "assignee_id": self.logins[assignee] if assignee else None,
            "harm_known_on": clock.days[told.harm_day],
            # the intake default: a merchant's POS dispute is about its business
            "scope": scope.value, "scope_reason": scope_reason,
            "opened_at": clock.at(opened),
            "stage_entered_at": clock.at(current_entry),
            "stage_due_on": stage_due_on, "follow_up_on": follow_up_on, "due_on": due_on,
            "due_estimated": estimated, "closed_at": closed_at, "merged_into_id": None,
            "held_by": held, "bodies_recorded": bool(held),
            "industry_body": self.body if Stage.INDUSTRY in (stage, last) else "",
            # entering mediation records who mediates (the association unless delegated)
            "mediator": "association" if any(st.stage is Stage.MEDIATION for st in steps)
            else "",
            **mediation_end(closed and last is Stage.MEDIATION, outcome, demands, recovered,
                             clock.days[end_moment // 86400], reason, primary.value),
            # as migration 0007_decision decides for older cases: past intake means accepted
            # and the day it left intake is the day it was accepted
            "decision": "pending" if stage is Stage.INTAKE else "accepted",
            "decision_on": clock.days[steps[1].moment // 86400]
            if stage is not Stage.INTAKE and len(steps) > 1 else None,
            "decision_ground": "", "material_items": [],
            "material_due_on": None,
            "paused_since": None, "extra_days": 0,
            "litigation": litigation_facts(told.narrative, provider, superior, person) if any(
                st.stage is Stage.LEGAL for st in steps) else {},
            "updated_at": clock.at(last_moment), "updated_by": last_actor, "version": 1})
        return history

    # -- the follow-up log -------------------------------------------------------------

    def _contacts(self, plan: CasePlan, case_id: int, owner: str, provider: ProviderInfo,
                  superior: ProviderInfo | None, person: PersonInfo, end_moment: int,
                  batch: Batch, history: list[Entry], demands: list[dict[str, Any]]
                  ) -> list[tuple[int, int]]:
        """Contacts in the stages the case went through, at least one with the provider
        before it left that rung; open cases whose last follow-up date has passed get a
        recent one; a mediation closed by an agreement, the session it was signed at.
        Answers speak of the remedies the case claims. Returns (moment, next follow-up day)
        of contacts that set one."""
        r, clock, steps = self.r, self.clock, plan.steps
        n_contacts = r.pick(CONTACT_COUNTS) if len(steps) > 1 else 0
        provider_left = len(steps) > 2  # escalated or closed after the provider rung
        intervals: list[tuple[Stage, int, int]] = []
        for j, step in enumerate(steps):
            if step.stage in (Stage.CLOSED, Stage.INTAKE):
                continue
            upto = steps[j + 1].moment if j + 1 < len(steps) else end_moment
            intervals.append((step.stage, step.moment, upto))
        if provider_left and n_contacts == 0:
            n_contacts = 1
        made: list[tuple[Stage, int, int | None]] = []
        for c in range(n_contacts):
            if not intervals:
                break
            s, lo, hi = intervals[0] if (c == 0 and provider_left) else r.pick(intervals)
            moment = between(r, clock, lo, hi)
            next_day = (moment // 86400 + r.num(3, 12)) if r.chance(0.75) else None
            made.append((s, moment, next_day))
        if plan.stage is not Stage.CLOSED and intervals:
            latest = max(((m, d) for _s, m, d in made if d is not None), default=None)
            if (latest is not None and latest[1] < clock.today) or r.chance(FRESH_CONTACT):
                s, lo, hi = intervals[-1]
                after = max((m for _s, m, _d in made), default=lo)  # the latest contact
                moment = between(r, clock, max(lo, hi - 10 * 86400, after), hi)
                made.append((s, moment, clock.today + r.num(1, 14)))
        follow_ups: list[tuple[int, int]] = []
        first_row = len(batch["contacts"])
        for s, moment, next_day in made:
            channel: ContactChannel = self.channel_w.draw(r)
            who, ticket_no = counterpart(r, clock, s, provider, superior, person, moment,
                                         channel)
            if channel is ContactChannel.LETTER and s is plan.stage and s in _LETTER_SIDES:
                # the letter to this side is the paper the rung exports today: a letter
                # logged before it would make it a second one (the e-mail reaches the same
                # counterpart; the draws stay as they were)
                channel = ContactChannel.EMAIL
            contact_id = self._id("contact")
            next_follow_up = clock.days[next_day] if next_day is not None else None
            batch["contacts"].append({
                "id": contact_id, "case_id": case_id, "at": clock.at(moment),
                "channel": channel.value, "counterpart": who, "counterpart_stage": s.value,
                "ticket_no": ticket_no, "summary": r.pick(CONTACT_SUMMARIES[s]),
                "outcome": fit_remedy(r.pick(CONTACT_OUTCOMES), demands).format(
                    k=r.num(3, 15)),
                "next_follow_up": next_follow_up, "logged_by": owner})
            history.append((moment, O_CONTACT, events.contact_logged(
                contact=contact_id, channel=channel, counterpart=who, stage=s,
                ticket_no=ticket_no, next_follow_up=next_follow_up), owner))
            if next_day is not None:
                follow_ups.append((moment, next_day))
        in_step_order(batch["contacts"][first_row:])
        if plan.outcome in (Outcome.RESOLVED, Outcome.PARTIALLY_RESOLVED) \
                and plan.last is Stage.MEDIATION and len(steps) > 2:
            self._session(case_id, owner, provider, steps[-2].moment, steps[-1].moment,
                          batch, history)
        follow_ups.sort()
        return follow_ups

    def _unreached(self, case_id: int, owner: str, person: PersonInfo, stage: Stage,
                   entered: int, closed: int, batch: Batch, history: list[Entry]) -> None:
        """The two failed calls to the complainant before a close "多次联系不上": at a
        third and two thirds of the rung, at the close's time of day. Drawn nothing."""
        for k, (summary, outcome) in enumerate(UNREACHED_CALLS, start=1):
            moment = entered + (closed - entered) * k // 3
            if (aligned := moment // 86400 * 86400 + closed % 86400) > entered:
                moment = min(aligned, closed - 1)
            contact_id = self._id("contact")
            batch["contacts"].append({
                "id": contact_id, "case_id": case_id, "at": self.clock.at(moment),
                "channel": ContactChannel.PHONE.value, "counterpart": f"投诉人{person.name}",
                "counterpart_stage": stage.value, "ticket_no": "", "summary": summary,
                "outcome": outcome, "next_follow_up": None, "logged_by": owner})
            history.append((moment, O_CONTACT, events.contact_logged(
                contact=contact_id, channel=ContactChannel.PHONE,
                counterpart=f"投诉人{person.name}", stage=stage, ticket_no="",
                next_follow_up=None), owner))

    def _session(self, case_id: int, owner: str, provider: ProviderInfo, entered: int,
                 signed: int, batch: Batch, history: list[Entry]) -> None:
        """The mediation session an agreement signed at `signed` comes out of: on the
        signing day, an hour before (never before the case entered mediation). Drawn
        nothing."""
        moment = max(entered + 1, signed - 3600, signed // 86400 * 86400)
        summary, outcome = MEDIATION_SESSION
        contact_id = self._id("contact")
        batch["contacts"].append({
            "id": contact_id, "case_id": case_id, "at": self.clock.at(moment),
            "channel": ContactChannel.VISIT.value, "counterpart": provider.name,
            "counterpart_stage": Stage.MEDIATION.value, "ticket_no": "", "summary": summary,
            "outcome": outcome, "next_follow_up": None, "logged_by": owner})
        history.append((moment, O_CONTACT, events.contact_logged(
            contact=contact_id, channel=ContactChannel.VISIT, counterpart=provider.name,
            stage=Stage.MEDIATION, ticket_no="", next_follow_up=None), owner))

    # -- evidence and notes ------------------------------------------------------------

    def _evidence_and_notes(self, case_id: int, ref: str, opened: int, end_moment: int,
                            told: Story, categories: list[Category],
                            owner: str, supervisor: str, batch: Batch,
                            history: list[Entry], *, shop: bool
                            ) -> tuple[list[str], list[str]]:
        """Evidence (mostly what the category's checklist asks for) and notes, some on a
        piece of evidence. Returns the evidence titles and note bodies (for search)."""
        r, clock = self.r, self.clock
        demands = told.demands
        wanted = WANTED_KINDS[categories[0]]
        fitting = (
            tuple(categories), shop, told.raised, claimed_words(demands))
        day_opened = opened // 86400
        began = clock.days[told.harm_day]
        r0, r1 = told.rates
        titles: list[str] = []
        shown: set[tuple[str, str]] = set()  # (title, 证明对象) already in the case
        evidence_list: list[tuple[int, int]] = []
        for e in range(r.pick(EVIDENCE_COUNTS)):
            kind: EvidenceKind = (wanted[int(r.random() * len(wanted))] if r.chance(0.8)
                                  else r.pick(_EVIDENCE_KINDS))
            drawn = r.pick(EVIDENCE_TEMPLATES[kind])
            moment = opened + r.num(120, 3600) * (e + 1)
            if moment >= end_moment or r.chance(0.4):
                moment = between(r, clock, opened, end_moment)
            obtained = since_trouble(day_opened - r.num(0, 120), told.harm_day, day_opened)
            obtained_date = clock.days[obtained]
            ymd = clock.ymd[obtained]
            stamp = r.num(80000, 215959)
            size_draw = r.random()
            # one draw, as when the demo drew a demand here (the later cases stay the same)
            which = r.random() if demands else 0.0
            kind, (template, media, pattern), title, proves = unshown(
                kind, drawn, which, fitting, shown, functools.partial(
                    str.format, month=obtained_date.month, r0=r0, r1=r1,
                    since=f"{began.year}年{began.month}月", **claimed_sums(demands)))
            shown.add((title, proves))
            name = pattern.format(stamp=f"{ymd}_{stamp:06d}", ym=ymd[:6])
            digest = hashlib.sha256(f"demo:{self.seed}:{ref}:{e}:{title}".encode()).hexdigest()
            low, high = ((2_000_000, 60_000_000) if media.startswith("video")
                         else (200_000, 8_000_000) if media.startswith("audio")
                         else (40_000, 3_500_000))
            size = low + int(size_draw * (high - low + 1))  # as Rand.num draws it
            form = EVIDENCE_FORMS[template]
            spread = int(digest[:4], 16)
            pages = (form.pages[0] + spread % (form.pages[1] - form.pages[0] + 1)
                     if form.pages else None)
            evidence_id = self._id("evidence")
            batch["evidence"].append({
                "id": evidence_id, "case_id": case_id, "kind": kind.value, "title": title,
                "description": r.pick(EVIDENCE_DESCRIPTIONS).format(n=r.num(2, 12)),
                "source": r.pick(EVIDENCE_SOURCES), "obtained_on": obtained_date,
                "original_name": name, "sha256": digest, "size": size, "media_type": media,
                "proves": proves, "pages": pages, "original": form.original,
                "carrier": form.carrier, "added_by": owner, "added_at": clock.at(moment)})
            history.append((moment, O_EVIDENCE, events.evidence_added(
                evidence_id=evidence_id, kind=kind, title=title, sha256=digest, size=size,
                media_type=media), owner))
            titles.append(title)
            if moment < end_moment - 240:
                evidence_list.append((evidence_id, moment))
        bodies: list[str] = []
        for _ in range(r.pick(NOTE_COUNTS)):
            on_evidence = evidence_list and r.chance(0.5)
            evidence_id_, since = r.pick(evidence_list) if on_evidence else (None, opened)
            moment = between(r, clock, since, end_moment)
            body = r.pick(ANNOTATIONS).format(n=r.num(2, 9))
            tags = list(r.pick(ANNOTATION_TAGS))
            author = r.pick((owner, owner, supervisor))
            note_id = self._id("annotation")
            bodies.append(body)
            batch["notes"].append({"id": note_id, "case_id": case_id,
                                   "evidence_id": evidence_id_, "body": body, "tags": tags,
                                   "author": author, "created_at": clock.at(moment)})
            history.append((moment, O_NOTE, events.annotated(
                annotation_id=note_id, evidence_id=evidence_id_, tags=tags, body=body),
                author))
        return titles, bodies

    # -- the ladder --------------------------------------------------------------------

    def _moves(self, plan: CasePlan, case_id: int, owner: str, supervisor: str,
               follow_ups: list[tuple[int, int]], batch: Batch,
               history: list[Entry]) -> list[str]:
        """Every move up to the current stage (closing is added by the caller), with the
        bodies recorded before the first administrative rung and an approved request
        before media and legal. Returns the bodies that hold the dispute."""
        r = self.r
        held: list[str] = []
        steps = plan.steps
        for before, after in pairwise(steps):
            if after.stage is Stage.CLOSED:
                continue
            info = STAGE_INFO[after.stage]
            if info.administrative and not held:
                body = Body.NONE
                if after.stage is Stage.MEDIATION and r.chance(0.15):
                    body = Body.MARKET_REGULATOR
                elif after.stage is not Stage.MEDIATION and r.chance(0.2):
                    body = Body.FINANCIAL_REGULATOR
                held = [body.value]
                moment = max(before.moment + 1, after.moment - r.num(120, 1800))
                history.append((moment, O_BEFORE_MOVE, events.bodies_recorded([], held),
                                owner))
            if info.needs_approval:
                self._approval(case_id, after.stage, owner, supervisor, before.moment,
                               after.moment, batch, history, decided=ApprovalStatus.USED)
            due = self.clock.due(after.stage, after.moment // 86400, self.body)
            history.append((after.moment, O_MOVE, events.stage_changed(
                previous=before.stage, to=after.stage, reason=after.reason,
                due_on=due.day if due else None, due_estimated=bool(due and due.estimated),
                prev=self._snapshot(before, follow_ups, after.moment)), owner))
        return held

    def _snapshot(self, entered: Step, follow_ups: list[tuple[int, int]],
                  moment: int) -> dict[str, Any]:
        """The case before a move at `moment` (what `services.escalation` keeps for undo),
        for a case that entered `entered.stage` at `entered.moment` and is still open."""
        clock = self.clock
        due = clock.due(entered.stage, entered.moment // 86400, self.body)
        follow_up = None
        for at, day in follow_ups:
            if at >= moment:
                break
            follow_up = clock.iso[day]
        return {
            "stage": entered.stage.value, "status": Status.OPEN.value, "outcome": None,
            "stage_entered_at": clock.at(entered.moment).isoformat(),
            "stage_due_on": due.day.isoformat() if due else None,
            "due_estimated": bool(due and due.estimated), "closed_at": None,
            "amount_recovered_fen": 0, "extra_days": 0, "paused_since": None,
            "follow_up_on": follow_up,
            "industry_body": self.body if entered.stage is Stage.INDUSTRY else "",
        }

    def _approval(self, case_id: int, to: Stage, owner: str, supervisor: str, lo: int,
                  hi: int, batch: Batch, history: list[Entry],
                  decided: ApprovalStatus | None) -> None:
        """A request to enter `to` between `lo` and `hi`: approved and then used by the
        move at `hi`, denied, or still pending (`decided` None)."""
        r, clock = self.r, self.clock
        reason = r.pick(APPROVAL_REASONS[to])
        asked = between(r, clock, lo, hi)
        request_id = self._id("approval_request")
        history.append((asked, O_BEFORE_MOVE, events.approval_requested(
            request=request_id, to=to, reason=reason), owner))
        row: dict[str, Any] = {
            "id": request_id, "case_id": case_id, "to_stage": to.value, "reason": reason,
            "requested_by": owner, "requested_at": clock.at(asked), "requested_db_role": "",
            "status": ApprovalStatus.PENDING.value, "decided_by": "", "decided_at": None,
            "note": ""}
        if decided is not None:
            approved = decided is not ApprovalStatus.DENIED
            note = r.pick(APPROVAL_NOTES if approved else DENIAL_NOTES)
            answered = between(r, clock, asked, hi)
            history.append((answered, O_BEFORE_MOVE, events.approval_decided(
                request=request_id, to=to.value, approved=approved, note=note), supervisor))
            row.update(status=decided.value, decided_by=supervisor,
                       decided_at=clock.at(answered), note=note)
        batch["approvals"].append(row)


def _entry_order(entry: Entry) -> tuple[int, int]:
    return entry[0], entry[1]
