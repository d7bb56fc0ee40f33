"""The provider registry screen (issue 14 item 2) on a real demo database at 80×24: the
list, `/` search (an alias finds its provider), the detail, the queue filtered by the
provider, merging refused to a caseworker and done by a supervisor."""

from __future__ import annotations

from tests.tui_support import make_app, settle, template, url  # noqa: F401
from workbench.services import registry
from workbench.tui.dialogs import AskDialog, ConfirmDialog
from workbench.tui.providers import ProviderScreen, ProvidersScreen
from workbench.tui.queue_screen import QueueScreen


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press(ch)


async def test_a_caseworker_finds_a_provider_by_alias_and_lists_its_cases(url: str) -> None:  # noqa: F811
    app = make_app(url)
    institution = registry.list_providers(app.wb, kind="payment_institution")[0]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot, lambda: isinstance(app.screen, ProvidersScreen)
                     and bool(app.screen.rows))
        screen = app.screen
        assert isinstance(screen, ProvidersScreen)
        assert {"支付机构", "收单银行", "外包服务机构"} <= {r.kind_label for r in screen.rows}
        await pilot.press("slash")
        await _type(pilot, f"{institution.short_name}电签")  # a demo alias
        await settle(pilot, lambda: bool(screen.rows)
                     and screen.rows[0].name == institution.name)
        await pilot.press("enter", "enter")  # leave the search, open the first
        await settle(pilot, lambda: isinstance(app.screen, ProviderScreen)
                     and app.screen.detail is not None)
        detail = app.screen
        assert isinstance(detail, ProviderScreen) and detail.detail is not None
        assert detail.detail.name == institution.name
        assert f"{institution.short_name}电签" in detail.detail.aliases
        await pilot.press("m")  # wang.li is a caseworker: refused before any dialog
        await settle(pilot, lambda: any("只有负责人和管理员可以" in n.message
                                        for n in app._notifications))
        assert not isinstance(app.screen, AskDialog)
        await pilot.press("enter")  # the queue, filtered by this provider
        await settle(pilot, lambda: isinstance(app.screen, QueueScreen))
        assert app.screen.user_filter == f"provider:{institution.name}"


async def test_a_supervisor_merges_a_provider_on_the_screen(url: str) -> None:  # noqa: F811
    app = make_app(url, user="zhao.min")  # the demo's supervisor
    source, into = registry.list_providers(app.wb, kind="payment_institution")[:2]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_providers()
        await settle(pilot, lambda: isinstance(app.screen, ProvidersScreen)
                     and bool(app.screen.rows))
        screen = app.screen
        assert isinstance(screen, ProvidersScreen)
        await pilot.press("slash")
        await _type(pilot, source.name)
        await settle(pilot, lambda: screen.rows[0].name == source.name)
        await pilot.press("enter", "m")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog))
        await _type(pilot, into.name)
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, AskDialog)
                     and "理由" in app.screen.title_text)
        await _type(pilot, "重复登记")
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await settle(pilot, lambda: any("并入" in n.message for n in app._notifications))
    merged = registry.provider_detail(app.wb, source.name)
    assert merged.name == into.name and source.name in merged.aliases
    assert merged.cases == source.cases + into.cases
