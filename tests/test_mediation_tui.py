"""`M` on the case screen: both ways to end a mediation, driven under App.run_test()."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.test_case_tui import open_case
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Stage
from workbench.services import cases, escalation
from workbench.services.context import Workbench
from workbench.tui.dialogs import AskDialog, PickDialog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def url_and_case(template: Path, tmp_path: Path) -> tuple[str, int]:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="调解结束")
    escalation.record_bodies(wb, case.id, cases.get_case(wb, case.id).version, [Body.NONE])
    escalation.escalate(wb, case.id, cases.get_case(wb, case.id).version, Stage.MEDIATION,
                        reason="申请消协调解")
    store.dispose()
    assert case.id is not None
    return url, case.id


def stored(url: str, case_id: int) -> cases.Case:
    store = open_test_store(url)
    try:
        return cases.get_case(Workbench(store=store, actor="t"), case_id)
    finally:
        store.dispose()


async def answer(app, pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, lambda: isinstance(app.screen, AskDialog))
    app.screen.query_one("Input").value = value
    await pilot.press("enter")


async def pick(app, pilot, value: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    await settle(pilot, lambda: isinstance(app.screen, PickDialog))
    options = app.screen.query_one(OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    options.highlighted = ids.index(value)
    await pilot.press("enter")


async def test_agreement_closes_the_case(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("M")
        await pick(app, pilot, "agree")
        await answer(app, pilot, "被投诉人退还多收手续费")
        await answer(app, pilot, "123.45")
        await answer(app, pilot, "20")
        await answer(app, pilot, "2026-12-10")
        await settle(pilot, lambda: stored(url, case_id).stage == "closed")
    case = stored(url, case_id)
    assert (case.outcome, case.amount_recovered_fen, case.punitive_fen) == (
        "resolved", 12345, 2000)
    assert case.mediation_result == "agreed" and str(case.perform_by) == "2026-12-10"


async def test_termination_with_a_ground_and_no_next_step(url_and_case) -> None:  # type: ignore[no-untyped-def]
    url, case_id = url_and_case
    app = make_app(url)
    async with app.run_test(size=(140, 40)) as pilot:
        await open_case(app, case_id, pilot)
        await pilot.press("M")
        await pick(app, pilot, "terminate")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        labels = str([app.screen.options])  # type: ignore[attr-defined]
        assert "经调解，双方未能达成调解协议" in labels and "市场监督管理投诉举报处理办法" in labels
        assert "✗ 调解期限届满" in labels  # not yet due
        await pick(app, pilot, "no_agreement")
        await answer(app, pilot, "双方分歧较大")
        await pick(app, pilot, "legal")  # no approval: stays at mediation, says why
        await settle(pilot, lambda: stored(url, case_id).mediation_result == "terminated")
        await settle(pilot, lambda: any("负责人批准" in str(n.message)
                                        for n in app._notifications))
    case = stored(url, case_id)
    assert (case.stage, case.termination_ground) == ("mediation", "no_agreement")
