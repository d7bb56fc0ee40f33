# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Approvals in issue 13's morning round (the walk-through's defect 4): a caseworker is not
offered y/n, and a supervisor who may not decide a request is told why before typing a
comment, in Chinese, naming who filed it."""

from __future__ import annotations

from sqlalchemy import text

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
from workbench.domain.ladder import Stage
from workbench.services import escalation
from workbench.services.context import Workbench

SIZE = (80, 24)


def request_as_demo(url: str) -> int:
    """A media request filed as the demo does it: root acting as wang.li."""
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", real_actor="root", clock=FrozenClock.on(TODAY))
    with store.engine.connect() as conn:
        case_id = conn.execute(text("SELECT min(id) FROM complaint_case")).scalar_one()
    request = escalation.request_approval(wb, case_id, Stage.MEDIA, "服务商拒不退费")
    store.dispose()
    return request.id or 0


def errors(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def open_approvals(app, pilot):  # type: ignore[no-untyped-def]
    from workbench.tui.approvals import ApprovalsScreen

    await settle(pilot, lambda: queue(app)[1].total > 0)
    await pilot.press("A")
    await settle(pilot, lambda: isinstance(app.screen, ApprovalsScreen)
                 and bool(app.screen.pending))
    return app.screen


async def test_a_caseworker_is_not_offered_approve_or_deny(url: str) -> None:
    from workbench.tui.dialogs import AskDialog

    app = make_app(url, user="wang.li")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_approvals(app, pilot)
        keys = {b.binding.action for b in screen.active_bindings.values() if b.enabled}
        assert "decide(True)" not in keys and "decide(False)" not in keys
        screen.query_one("#approvals").focus()
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, AskDialog)
        assert all("supervisor" not in e for e in errors(app))


async def test_four_eyes_refuses_before_the_comment_and_names_the_requester(url: str) -> None:
    from textual.widgets import OptionList

    from workbench.tui.dialogs import AskDialog

    request_id = request_as_demo(url)
    app = make_app(url, user="zhao.min")
    app.wb.real_actor = "root"  # `workbench --demo --user zhao.min`, run by root again
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_approvals(app, pilot)
        listing = screen.query_one("#approvals", OptionList)
        listing.focus()
        listing.highlighted = listing.get_option_index(str(request_id))
        await pilot.press("y")
        await settle(pilot, lambda: bool(errors(app)))
        assert not isinstance(app.screen, AskDialog)
        message = errors(app)[-1]
        assert "王丽" in message and "四眼原则" in message
        assert f"#{request_id}" not in message and "自己提出" not in message
        # a request of the demo data (filed by someone else) is decided as before
        others = [r for r in screen.pending if r.id != request_id]
        assert others and not others[0].refusal
        listing.highlighted = listing.get_option_index(str(others[0].id))
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
