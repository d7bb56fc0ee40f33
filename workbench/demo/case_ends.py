"""The parts of a demo case that follow from what was drawn: how a mediation ended, what
its court papers say beyond the complaint, the order of each side's contact notes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from workbench.demo.names import PersonInfo, ProviderInfo
from workbench.demo.phrases import CONTACT_SUMMARIES, UNREACHABLE_REASON
from workbench.domain.contact_order import by_step, may_open
from workbench.domain.ladder import Outcome, Stage
from workbench.domain.validators import make_uscc
from workbench.services.mediation import draft_terms


def mediation_end(ended: bool, outcome: Outcome | None, demands: list[dict[str, Any]],
                   recovered: int, closed_on: date, reason: str,
                   category: str = "") -> dict[str, Any]:
    """How a case closed at the mediation rung ended: an agreement (resolved, partly
    resolved) or a termination with the ground its close `reason` states."""
    none = {"punitive_fen": 0, "mediation_result": "", "mediation_terms": "",
            "perform_by": None, "termination_ground": ""}
    if not ended:
        return none
    if outcome in (Outcome.RESOLVED, Outcome.PARTIALLY_RESOLVED):
        terms = draft_terms(demands, recovered, category)
        return {**none, "mediation_result": "agreed", "mediation_terms": terms,
                "perform_by": closed_on + timedelta(days=10)}
    ground = ("unreachable" if reason == UNREACHABLE_REASON
              else "withdrawn" if outcome is Outcome.WITHDRAWN else "no_agreement")
    return {**none, "mediation_result": "terminated", "termination_ground": ground}


def litigation_facts(narrative: str, provider: ProviderInfo,
                superior: ProviderInfo | None, person: PersonInfo) -> dict[str, Any]:
    """What the court papers of a case at the legal rung say beyond the complaint. Who
    settles is named: an agent's acquirer, else the defendant itself. A shop's 统一社会
    信用代码 (92: a 个体工商户) is derived from its 商户编号, drawing nothing."""
    signed = narrative.split("\n\n", 1)[0].replace("投诉人", "原告")
    shop = person.kind == "merchant"
    settler = (f"由收单机构{superior.name}" if provider.kind == "agent" and superior
               else "被告")
    return {"court": provider.court, "agent": "", "contract": signed,
            # a person swipes their own cards; only a shop takes payments (收款)
            "performance": f"原告领取机具后即用于{'日常收款' if shop else '刷卡'}，"
                           f"{settler}按约为原告结算交易款项并从中扣收手续费。",
            "mediation": True, "e_service": True, **shop_code(person)}


def shop_code(person: PersonInfo) -> dict[str, str]:
    if person.kind != "merchant" or not person.merchant_name or len(person.merchant_no) < 13:
        return {}
    digits = person.merchant_no  # 8 + 3 of the region + MCC + 7 drawn digits
    return {"merchant_uscc": make_uscc(f"92{digits[1:4]}100{digits[-9:]}")}


def in_step_order(rows: list[dict[str, Any]]) -> None:
    """Lay each side's drawn notes onto its contacts in time order so that none comes
    before a step it must follow (domain/contact_steps.toml: no 催问 before the 转达投诉)."""
    sides: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda row: row["at"]):
        sides.setdefault(row["counterpart_stage"], []).append(row)
    for stage, side in sides.items():
        notes = by_step([row["summary"] for row in side])
        if not may_open(notes[0]):
            # a side's log opens with the complaint passed on, never a chase of nothing
            # (contact_steps.toml opens = false): chosen from the side's notes, not drawn
            notes[0] = next(n for n in CONTACT_SUMMARIES[Stage(stage)] if may_open(n))
        for row, note in zip(side, notes, strict=True):
            row["summary"] = note
