"""The escalation ladder's rules, table-driven (DESIGN §2)."""

from __future__ import annotations

import pytest

from workbench.domain.ladder import (
    STAGES,
    Body,
    MoveFacts,
    Outcome,
    Role,
    Stage,
    refusals,
    rung,
)

S = Stage


def codes(facts: MoveFacts) -> set[str]:
    return {r.code for r in refusals(facts)}


@pytest.mark.parametrize("current, target, extra, refused", [
    # one rung up: allowed
    (S.INTAKE, S.PROVIDER, {}, set()),
    (S.SUPERIOR, S.MEDIATION, {"bodies_recorded": True}, set()),
    # leaving provider needs a logged contact with the provider
    (S.PROVIDER, S.SUPERIOR, {}, {"provider_contact"}),
    (S.PROVIDER, S.SUPERIOR, {"provider_contacts": 1}, set()),
    # skipping rungs needs a reason
    (S.INTAKE, S.SUPERIOR, {}, {"reason"}),
    (S.INTAKE, S.SUPERIOR, {"reason": "服务商已注销"}, set()),
    (S.PROVIDER, S.MEDIATION, {"provider_contacts": 2, "bodies_recorded": True},
     {"reason"}),
    # moving down needs a reason; leaving provider downwards needs no contact
    (S.MEDIATION, S.PROVIDER, {}, {"reason"}),
    (S.MEDIATION, S.PROVIDER, {"reason": "服务商重新协商"}, set()),
    (S.PROVIDER, S.INTAKE, {"reason": "补充材料"}, set()),
    # administrative rungs: record which bodies hold the dispute first
    (S.SUPERIOR, S.MEDIATION, {}, {"bodies"}),
    (S.MEDIATION, S.NATIONAL, {"bodies_recorded": True,
                               "bodies": frozenset({Body.CONSUMER_ASSOCIATION})}, {"not_held"}),
    (S.NATIONAL, S.INDUSTRY, {"bodies_recorded": True,
                              "bodies": frozenset({Body.COURT})}, {"not_held"}),
    (S.MEDIATION, S.NATIONAL, {"bodies_recorded": True,
                               "bodies": frozenset({Body.MARKET_REGULATOR})}, set()),
    (S.SUPERIOR, S.MEDIATION, {"bodies_recorded": True,
                               "bodies": frozenset({Body.COURT})}, set()),  # 消协 may mediate
    # media and legal need a supervisor's approval
    (S.INDUSTRY, S.MEDIA, {}, {"approval"}),
    (S.INDUSTRY, S.MEDIA, {"approved": True}, set()),
    (S.MEDIA, S.LEGAL, {"approved": True}, set()),
    (S.MEDIATION, S.LEGAL, {"approved": True}, {"reason"}),
    # closing needs an outcome, and the amount where money came back
    (S.MEDIATION, S.CLOSED, {}, {"outcome"}),
    (S.MEDIATION, S.CLOSED, {"outcome": Outcome.WITHDRAWN}, set()),
    (S.MEDIATION, S.CLOSED, {"outcome": Outcome.RESOLVED}, {"recovered"}),
    (S.MEDIATION, S.CLOSED, {"outcome": Outcome.RESOLVED, "recovered_fen": 0}, set()),
    (S.INTAKE, S.CLOSED, {"outcome": Outcome.REJECTED}, set()),
    # reopening a closed case: supervisor, with a reason
    (S.CLOSED, S.MEDIATION, {"reason": "新证据", "bodies_recorded": True}, {"reopen"}),
    (S.CLOSED, S.MEDIATION, {"reason": "新证据", "actor_role": Role.SUPERVISOR,
                             "bodies_recorded": True}, set()),
    (S.CLOSED, S.MEDIATION, {"actor_role": Role.SUPERVISOR, "bodies_recorded": True},
     {"reason"}),
    # reopening into a rung still needs what that rung needs
    (S.CLOSED, S.LEGAL, {"reason": "起诉", "actor_role": Role.SUPERVISOR}, {"approval"}),
    (S.CLOSED, S.NATIONAL, {"reason": "重新举报", "actor_role": Role.SUPERVISOR,
                            "bodies_recorded": True, "bodies": frozenset({Body.COURT})},
     {"not_held"}),
    # staying put is not a move
    (S.PROVIDER, S.PROVIDER, {"provider_contacts": 1}, {"same"}),
])
def test_ladder(current: Stage, target: Stage, extra: dict, refused: set[str]) -> None:  # type: ignore[type-arg]
    assert codes(MoveFacts(current, target, **extra)) == refused


def test_rungs_follow_the_declared_order() -> None:
    assert [rung(info.stage) for info in STAGES] == list(range(len(STAGES)))


def test_every_refusal_has_a_message() -> None:
    for info in STAGES:
        for target in STAGES:
            for r in refusals(MoveFacts(info.stage, target.stage)):
                assert r.text and not r.met
