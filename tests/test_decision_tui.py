"""The acceptance decision in the TUI: an intake case shows the decision first; `d` opens
the picker; 不予受理 picks a ground showing its label and citation; the case closes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import open_test_store
from tests.factories import new_case
from tests.test_case_tui import open_case, screen_text
from tests.tui_support import TODAY, copy_db, make_app, make_demo_template, settle
from workbench.domain.clock import FrozenClock
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.tui.case_screen import CaseScreen
from workbench.tui.dialogs import AskDialog, PickDialog


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    os.environ.setdefault("WORKBENCH_DATA_KEY", "test-passphrase-123")
    return make_demo_template(tmp_path_factory.mktemp("demo"))


async def test_refuse_from_the_case_screen(template: Path, tmp_path: Path) -> None:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="商户费率争议")
    assert case.id is not None
    case = cases.set_scope(wb, case.id, case.version, "business", "商户为经营活动使用POS机")
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_case(app, case.id, pilot)
        assert "按 d 作出受理决定" in screen_text(screen, "#case-decision")
        assert "待决定" in screen_text(screen, "#case-fields")
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("down", "down", "enter")  # 不予受理
        await settle(pilot, lambda: isinstance(app.screen, PickDialog)
                     and app.screen.title_text.startswith("不予受理理由"))
        picker = app.screen
        assert isinstance(picker, PickDialog)
        labels = dict(picker.options)
        assert "samr" not in labels["not_consumption"]  # labels and citations, no ids
        assert "不属于为生活消费需要" in labels["not_consumption"]
        assert "第十六条" in labels["not_consumption"] or "第二条" in labels["not_consumption"]
        assert labels["already_handled"].startswith("✗")
        # a ground the record rules out is shown, with why, but cannot be chosen
        assert labels["no_respondent"].startswith("✗") and "已登记被投诉人" in labels[
            "no_respondent"]
        assert {"no_respondent", "already_handled", "settled_no_new_facts"} <= \
            picker.unavailable
        assert "not_consumption" not in picker.unavailable
        await pilot.press("enter")  # not_consumption: the first one allowed, highlighted
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and screen.case is not None and screen.case.decision == "refused")
        assert "不予受理" in screen_text(screen, "#case-fields")
        assert screen_text(screen, "#case-decision").strip() == ""
    store = open_test_store(url)
    done = cases.get_case(Workbench(store=store, actor="t"), case.id)
    store.dispose()
    assert (done.stage, done.decision_ground) == ("closed", "not_consumption")


async def test_outside_competence_asks_for_the_reason(template: Path, tmp_path: Path) -> None:
    url = copy_db(template, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title="结算争议")
    store.dispose()
    assert case.id is not None
    app = make_app(url)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_case(app, case.id, pilot)
        await pilot.press("d")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("down", "down", "enter")  # 不予受理
        await settle(pilot, lambda: isinstance(app.screen, PickDialog)
                     and app.screen.title_text.startswith("不予受理理由"))
        await pilot.press("enter")  # outside_competence: the one a consumer case allows
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        assert "具体理由" in app.screen.title_text  # type: ignore[attr-defined]
        await pilot.press(*"涉嫌诈骗", "enter")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog)
                     and "说明" in app.screen.title_text)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and screen.case is not None and screen.case.decision == "refused")
    store = open_test_store(url)
    done = cases.get_case(Workbench(store=store, actor="t"), case.id)
    store.dispose()
    assert (done.stage, done.decision_ground) == ("closed", "outside_competence")
