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
# (ground, the reason the notice states) for the first pending case of each kind: the
# demo association takes merchants' disputes up (its 章程), so neither is refused as "not
# 生活消费" — each is refused as outside its competence, saying why.
SPECIMEN_REFUSAL = {
    "consumer": ("outside_competence",
                 "投诉事项系收单机构对特约商户结算资金的处理，属于金融管理部门依法监督管理的事项"),
    "merchant": ("outside_competence",
                 "投诉事项涉及支付机构对以其名义收费的人员和受理终端的管理，属于金融管理部门"
                 "依法监督管理的事项；如涉嫌诈骗，可以向公安机关报案"),
}


def export_decisions(wb: Workbench, out_dir: Path) -> list[Specimen]:
    """For a consumer and a merchant case still at intake (not among the specimen cases):
    one asked for material, one refused on a ground its record allows; each notice
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
                   if int(i) not in taken][:2]
        for case_id, (stage, kind) in zip(ids, (
                ("material", FilingKind.MATERIAL_NOTICE),
                ("refused", FilingKind.REFUSAL_NOTICE)), strict=False):
            with wb.store.session() as session:
                case = session.get(Case, case_id)
                assert case is not None
                ref, version = case.ref, case.version
            decide = functools.partial(
                acceptance.request_material, wb, case_id, version, list(SPECIMEN_MATERIAL),
                wb.today() + timedelta(days=10)) if stage == "material" else functools.partial(
                acceptance.refuse, wb, case_id, version, SPECIMEN_REFUSAL[person_kind][0],
                reason=SPECIMEN_REFUSAL[person_kind][1])
            made.append(_specimen(wb, case_id, kind, (ref, stage, person_kind), out_dir, decide))
    return made
