"""The intake form at the keyboard: focus, q, Esc, the select, sections (issue 13)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, Select

from tests import tui_support
from tests.tui_support import make_app, settle
from workbench.tui.dialogs import PickDialog
from workbench.tui.intake_screen import IntakeScreen
from workbench.tui.queue_screen import QueueScreen

template = tui_support.template  # fixtures: a demo database per module, a copy per test
url = tui_support.url


async def open_form(app, pilot) -> IntakeScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
    return app.screen  # type: ignore[no-any-return]


def footer_keys(app) -> set[str]:  # type: ignore[no-untyped-def]
    """The keys the footer shows now (enabled and shown bindings)."""
    return {key for key, active in app.active_bindings.items()
            if active.binding.show and active.enabled}


async def test_q_types_q_and_never_quits_the_form(url: str) -> None:
    """Bug 2: the form opens with its first field focused, so q types q; on a field that
    takes no text q does nothing; the footer offers no quit."""
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        first = screen.focused
        assert isinstance(first, Input) and first.id == "name"
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert first.value == "q"
        assert "q" not in footer_keys(app)
        screen.query_one("#categories").focus()
        await pilot.press("q", "ctrl+q")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, PickDialog)  # ctrl+q closes the form, asking first


async def test_escape_asks_before_discarding_typed_text(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        screen = await open_form(app, pilot)
        await pilot.press(*"赵六")
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("escape")  # the question dismissed: back to the form, text kept
        await settle(pilot)
        assert app.screen is screen and screen.query_one("#name", Input).value == "赵六"
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        assert [value for value, _ in dialog.options] == ["back", "keep", "discard"]
        dialog.dismiss("discard")
        await settle(pilot, lambda: isinstance(app.screen, QueueScreen))
        assert app.intake_draft is None
        screen = await open_form(app, pilot)
        assert screen.query_one("#name", Input).value == ""


async def test_the_kind_select_is_labelled_in_its_place_and_passes_typing_on(
        url: str) -> None:
    """Bug 3: the 消费者/商户 select has a label, Tab reaches it where it is shown, and
    text typed while it has focus goes on to the next field instead of vanishing."""
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        kind = screen.query_one("#kind", Select)
        label = screen.query_one("#label-kind", Label)
        assert "类型" in str(label.content)
        assert label.region.y == kind.region.y and label.region.x < kind.region.x
        chain = [w for w in screen.focus_chain if w.id]
        order = [w.id for w in chain]
        assert order.index("name") < order.index("kind") < order.index("phone")
        shown = sorted(chain, key=lambda w: (w.virtual_region.y, w.virtual_region.x))
        assert [w.id for w in shown] == order  # Tab follows the screen, top to bottom
        await pilot.press("tab")
        assert screen.focused is kind
        from textual import events

        for key in "139":  # typed fast: all three reach the select before it moves on
            kind.post_message(events.Key(key, key))
        await settle(pilot)
        assert screen.query_one("#phone", Input).value == "139"
        assert kind.value == "consumer"
        assert screen.focused is screen.query_one("#phone", Input)


def register_provider(url: str, name: str, short: str) -> None:
    from tests.conftest import open_test_store
    from workbench.store.models import Provider

    store = open_test_store(url)
    with store.write() as session:
        session.add(Provider(name=name, short_name=short, kind="payment_institution"))
    store.dispose()


def fill_required(screen: IntakeScreen) -> None:
    screen.query_one("#name", Input).value = "赵六"
    screen.query_one("#title", Input).value = "押金不退"
    screen.query_one("#categories").select("deposit_fees")  # type: ignore[attr-defined]
    screen.query_one("#narrative").text = "押金299元，承诺三个月退还，至今未退。"  # type: ignore[attr-defined]


async def test_provider_suggestions_as_you_type_and_a_typo_finds_it(url: str) -> None:
    from workbench.tui.intake_provider import ProviderChoices

    register_provider(url, "测试汇达支付有限公司", "测试汇达")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        await pilot.press("f4")  # the provider section
        assert screen.focused is screen.query_one("#provider", Input)
        await pilot.press(*"测式汇达")  # a typo
        await settle(pilot)
        choices = screen.query_one(ProviderChoices)
        assert choices.display and choices.region.height > 0  # shown, under the field
        assert choices.get_option_at_index(0).id == "测试汇达支付有限公司"
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.query_one("#provider", Input).value == "测试汇达支付有限公司"
        assert not choices.display
        assert screen.focused is screen.query_one("#provider_superior", Input)


async def test_a_new_provider_is_registered_only_after_the_near_ones_are_shown(
        url: str) -> None:
    from workbench.tui.case_screen import CaseScreen

    register_provider(url, "测试汇达支付有限公司", "测试汇达")
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_form(app, pilot)
        fill_required(screen)
        screen.query_one("#provider", Input).value = "测试汇达支付"
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        assert dialog.title_text.startswith(
            "是否新建服务商「测试汇达支付」？相近：测试汇达支付有限公司")
        assert dialog.options[0] == ("use:测试汇达支付有限公司", "改用「测试汇达支付有限公司」")
        dialog.dismiss("back")  # nothing registered; back at the provider field
        await settle(pilot)
        assert app.screen is screen and screen.focused is screen.query_one("#provider")
        await pilot.press("f2")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        app.screen.dismiss("use:测试汇达支付有限公司")
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                     and app.screen.case is not None)
        case = app.screen.case  # type: ignore[union-attr]
        assert app.screen.view.provider == "测试汇达支付有限公司"  # type: ignore[union-attr]
        told = [n.message for n in app._notifications]
        assert any(m.startswith(f"已登记 {case.ref}，办理期限 2026-") for m in told), told


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_sections_labels_and_key_hints_at_every_size(url: str,
                                                           size: tuple[int, int]) -> None:
    """Every field keeps a visible label, the save/next-section/close keys stay in the
    footer, F4/F3 move between the four sections and the focused field is always on
    screen."""
    from textual.widgets import Footer

    from workbench.tui.intake_fields import SECTIONS

    app = make_app(url)
    async with app.run_test(size=size) as pilot:
        screen = await open_form(app, pilot)
        assert [s.title for s in SECTIONS] == ["投诉人", "被投诉方", "事实", "诉求"]
        for section in SECTIONS:
            for field in section.fields:
                label = screen.query_one(f"#label-{field.name}", Label)
                assert field.label.rstrip(" *") in str(label.content)
        assert {"ctrl+s", "f4", "f3", "escape"} <= footer_keys(app)
        footer = screen.query_one(Footer)
        assert footer.region.bottom == size[1]  # docked: never scrolled away
        visible = screen.query_one("#intake").region

        def on_screen() -> bool:
            focused = screen.focused
            return focused is not None and visible.contains_region(focused.region)

        seen = []
        for _ in SECTIONS:
            seen.append(screen.section_of(screen.focused))
            assert on_screen()
            await pilot.press("f4")
            await settle(pilot)
        assert seen == [0, 1, 2, 3] and screen.section_of(screen.focused) == 0
        await pilot.press("f3")
        await settle(pilot)
        assert screen.section_of(screen.focused) == 3 and on_screen()
        screen.query_one("#title").focus()
        for _ in range(12):  # Tab through the rest: the form follows the focus
            await pilot.press("tab")
            await settle(pilot)
            assert on_screen(), screen.focused
