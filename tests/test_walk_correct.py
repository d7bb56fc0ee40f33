# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Register a case with a mistake and fix it (issue 13; the walk-through's defect 18):
`E` corrects the complainant's phone and name, the provider, the categories and the
demands; each change is audited old → new, personal values masked; ctrl+s saves the
one-line dialog as Enter does."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import open_test_store
from tests.tui_support import (  # noqa: F401  (shared fixtures)
    TODAY,
    make_app,
    queue,
    settle,
    template,
    url,
)
from workbench.domain.clock import FrozenClock
from workbench.services.case_view import case_view
from workbench.services.context import Workbench
from workbench.store.models import Case, Complainant, Provider

SIZE = (80, 24)


async def correct(app, pilot, field: str, *keys: str, text: str | None = None):  # type: ignore[no-untyped-def]
    from workbench.tui.case_screen import CaseScreen
    from workbench.tui.dialogs import PickDialog

    screen = app.screen
    assert isinstance(screen, CaseScreen)
    before = screen.view.case.version
    await pilot.press("E")
    await settle(pilot, lambda: isinstance(app.screen, PickDialog))
    assert app.screen.title_text == "修改哪一项？"
    app.screen.dismiss(field)
    await settle(pilot, lambda: app.screen is not screen and not isinstance(app.screen,
                                                                             PickDialog))
    if text is not None:  # the demands' text replaced whole
        from textual.widgets import TextArea

        app.screen.query_one(TextArea).text = text
    await pilot.press(*keys)
    await settle(pilot)
    errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert not errors, errors
    await settle(pilot, lambda: app.screen is screen and screen.view is not None
                 and screen.view.case.version > before)
    return screen


async def test_a_wrong_phone_name_provider_and_demand_are_corrected(url: str) -> None:
    from workbench.tui.case_screen import CaseScreen

    store = open_test_store(url)
    with store.session() as session:
        case = session.execute(select(Case).order_by(Case.id)).scalars().first()  # type: ignore[arg-type]
        assert case is not None
        case_id, provider_id = case.id, case.provider_id
        other = session.execute(select(Provider).where(
            Provider.id != provider_id)).scalars().first()  # type: ignore[arg-type]
        assert other is not None
        other_name = other.name
    store.dispose()
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        await correct(app, pilot, "phone", *"13812345678", "ctrl+s")  # ctrl+s saves
        await correct(app, pilot, "complainant_name", *"赵六", "enter")
        await correct(app, pilot, "provider", "ctrl+a", "ctrl+k", *other_name, "enter")
        await correct(app, pilot, "demands", "ctrl+s", text="退还押金 | 299")
        assert any("已修改" in str(n.message) for n in app._notifications)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    with store.session() as session:
        case = session.get(Case, case_id)
        assert case is not None
        person = session.get(Complainant, case.complainant_id)
        assert person is not None
        assert (person.phone, person.name) == ("13812345678", "赵六")
        assert case.provider_id == other.id
        assert case.demands == [{"text": "退还押金", "amount_fen": 29900}]
        assert case.amount_claimed_fen == 29900
    texts = [line.text for line in case_view(wb, case_id, 50).events]
    store.dispose()
    phone = next(t for t in texts if t.startswith("修改手机号"))
    assert "138****5678" in phone and "13812345678" not in phone
    assert any(t.startswith("修改投诉人姓名") and "赵*" in t and "赵六" not in t for t in texts)
    assert any(t.startswith("修改服务商") and t.endswith(other_name) for t in texts)


async def test_a_wrong_phone_is_refused_and_the_case_is_unchanged(url: str) -> None:
    from workbench.errors import RuleViolation
    from workbench.services import corrections

    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    with store.session() as session:
        case = session.execute(select(Case).order_by(Case.id)).scalars().first()  # type: ignore[arg-type]
        assert case is not None
        case_id, version = case.id or 0, case.version
    try:
        corrections.correct(wb, case_id, version, "phone", "1381234567")
    except RuleViolation as refused:
        assert "11位" in refused.message
    else:
        raise AssertionError("a 10-digit phone was accepted")
    try:
        corrections.correct(wb, case_id, version, "provider", "不存在的支付公司")
    except RuleViolation as refused:
        assert "不存在的支付公司" in refused.message
    else:
        raise AssertionError("an unregistered provider was accepted")
    with store.session() as session:
        assert session.get(Case, case_id).version == version  # type: ignore[union-attr]
    store.dispose()
