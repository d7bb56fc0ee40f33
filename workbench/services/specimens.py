"""Specimen filings (issue 11): for a consumer case and a merchant case at every stage,
every kind that stage offers, exported through the real path — what
``scripts/render_filings.py`` renders for people to read and the tests check."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from workbench.domain.ladder import Stage
from workbench.filings.documents import FilingKind
from workbench.services import filings
from workbench.services.context import Workbench
from workbench.services.evidence import listed_evidence
from workbench.services.filing_data import issued_day
from workbench.store.models import Case, Complainant


@dataclass(frozen=True, slots=True)
class Specimen:
    ref: str
    stage: str
    complainant_kind: str
    kind: str
    path: Path | None  # None: refused (see `problem`)
    problem: str = ""


def specimen_cases(wb: Workbench) -> list[tuple[int, str, str]]:
    """(case id, stage, complainant kind): the first consumer and the first merchant case
    at each stage (closed: one closed through mediation when there is one)."""
    chosen: list[tuple[int, str, str]] = []
    with wb.store.session() as session:
        for stage in Stage:
            for kind in ("consumer", "merchant"):
                query = (select(col(Case.id)).join(
                    Complainant, col(Complainant.id) == col(Case.complainant_id))
                    .where(col(Case.stage) == stage.value, col(Complainant.kind) == kind)
                    .order_by(col(Case.id)).limit(1))
                wanted = [query]
                if stage is Stage.CLOSED:  # and the two ends of a mediation
                    wanted += [query.where(col(Case.mediation_result) == result)
                               for result in ("agreed", "terminated")]
                for one in wanted:
                    row = session.execute(one).first()
                    if row is not None and (int(row[0]), stage.value, kind) not in chosen:
                        chosen.append((int(row[0]), stage.value, kind))
    return chosen


def export_specimens(wb: Workbench, out_dir: Path) -> list[Specimen]:
    """Export every offered kind for each specimen case, all of them in the order of the
    dates the papers bear (so that each year's 文号 run with the dates, as an office
    issuing them day by day numbers them); refusals are reported, not raised."""
    planned: list[tuple[date, int, FilingKind, tuple[str, str, str]]] = []
    for case_id, stage, person_kind in specimen_cases(wb):
        with wb.store.session() as session:
            case = session.get(Case, case_id)
            assert case is not None
            offered = filings.offered_for(case, evidence=bool(listed_evidence(session, case_id)))
            planned += [(issued_day(session, wb, case, kind), case_id, kind,
                         (case.ref, stage, person_kind)) for kind in offered]
    planned.sort(key=lambda plan: plan[0])  # stable: a day's papers case by case, in kind order
    return [_specimen(wb, case_id, kind, where, out_dir)
            for _day, case_id, kind, where in planned]


def _specimen(wb: Workbench, case_id: int, kind: FilingKind, where: tuple[str, str, str],
              out_dir: Path, decide: Callable[[], object] | None = None) -> Specimen:
    """Export one kind into OUT/<stage>-<kind of complainant> (after `decide`, a decision
    the paper needs); a refusal is the specimen's problem."""
    from workbench.errors import WorkbenchError

    ref, stage, person_kind = where
    try:
        if decide is not None:
            decide()
        exported = filings.export(wb, case_id, kind, out_dir / f"{stage}-{person_kind}",
                                  style_file=wb.filings_style)
    except WorkbenchError as exc:
        return Specimen(ref, stage, person_kind, kind.value, None, str(exc))
    return Specimen(ref, stage, person_kind, kind.value, exported.path)


# The acceptance decision's notices for people to read: a demo holds no decided case, so
# two more cases at intake of each kind are taken through the real decisions.
SPECIMEN_MATERIAL = ("与服务商签订的POS机服务协议", "2026年10月至11月的交易明细", "扣费短信截图")
# The refusal follows the case's facts: (words of its title, ground, the reason the
# notice states). A case of neither kind is refused only on a ground its record allows —
# the demo association takes merchants' POS disputes up (its 章程), so none is refused as
# "not 生活消费", and a dispute with the institution is never "outside its competence".
REFUSAL_BY_FACTS = (
    (("冒充银行客服", "冒充银联"), "impostor",
     "向你收费的人员冒充银行客服，并非为你提供支付服务的机构，该收费不是你与服务机构之间因"
     "支付服务发生的纠纷，本会无从调解"),
)
# When no pending case's record allows a refusal, the specimen records first that the
# market bureau has accepted the same dispute (a fact the intake asks for), and refuses
# on it, saying so.
HELD_ELSEWHERE = ("already_handled", "你已就同一争议向市场监督管理部门投诉，该部门已经受理")
# grounds a specimen takes only by REFUSAL_BY_FACTS
STATED = frozenset({"outside_competence", "impostor"})


def _refusal_for(wb: Workbench, case_id: int) -> tuple[str, str] | None:
    """(ground, reason) the case's own facts give, None when they give none."""
    from workbench.services import acceptance

    with wb.store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        title = case.title
    for words, ground, reason in REFUSAL_BY_FACTS:
        if any(w in title for w in words):
            return ground, reason
    allowed = [o.code for o in acceptance.ground_options(wb, case_id)
               if o.allowed and o.code not in STATED]
    return (allowed[0], "") if allowed else None


def _refuse(wb: Workbench, case_id: int, by_facts: tuple[str, str] | None) -> None:
    """Refuse on the case's facts; with none, on the dispute the bureau holds (recorded)."""
    from workbench.domain.ladder import Body
    from workbench.services import acceptance, cases, escalation

    if by_facts is None:
        version = cases.get_case(wb, case_id).version
        escalation.record_bodies(wb, case_id, version, [Body.MARKET_REGULATOR])
        by_facts = HELD_ELSEWHERE
    ground, reason = by_facts
    acceptance.refuse(wb, case_id, cases.get_case(wb, case_id).version, ground, reason=reason)


def export_decisions(wb: Workbench, out_dir: Path) -> list[Specimen]:
    """For a consumer and a merchant case still at intake (not among the specimen cases):
    one asked for material; one refused on a ground its facts give (the first such case,
    else the next one, once the bureau's acceptance of it is recorded); each notice
    exported through the real path."""
    from datetime import timedelta

    from workbench.services import acceptance

    taken = {case_id for case_id, _, _ in specimen_cases(wb)}
    made: list[Specimen] = []
    for person_kind in ("consumer", "merchant"):
        with wb.store.session() as session:
            ids = [int(i) for i in session.execute(
                select(col(Case.id)).join(Complainant,
                                          col(Complainant.id) == col(Case.complainant_id))
                .where(col(Case.stage) == Stage.INTAKE.value,
                       col(Complainant.kind) == person_kind,
                       col(Case.decision) == "pending").order_by(col(Case.id))).scalars()
                   if int(i) not in taken]
        if not ids:
            continue
        material, rest = ids[0], ids[1:]
        facts = {case_id: _refusal_for(wb, case_id) for case_id in rest}
        refused = next((c for c in rest if facts[c] is not None), rest[0] if rest else None)
        for case_id, (stage, kind) in ((material, ("material", FilingKind.MATERIAL_NOTICE)),
                                       (refused, ("refused", FilingKind.REFUSAL_NOTICE))):
            if case_id is None:
                continue
            with wb.store.session() as session:
                case = session.get(Case, case_id)
                assert case is not None
                ref, version = case.ref, case.version
            decide = functools.partial(
                acceptance.request_material, wb, case_id, version, list(SPECIMEN_MATERIAL),
                wb.today() + timedelta(days=10)) if stage == "material" else functools.partial(
                _refuse, wb, case_id, facts[case_id])
            made.append(_specimen(wb, case_id, kind, (ref, stage, person_kind), out_dir, decide))
    return made
