"""Issue 13's second walk-through at 80×24: the header's acting wording, the footers' keys,
the filter summary (defects 14, 16, 20)."""

# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
from __future__ import annotations

import pytest
from rich.cells import cell_len

from tests.tui_support import make_app, queue, settle, template, url  # noqa: F401
from workbench.domain.ladder import Role
from workbench.services.identity import Identity
from workbench.tui.whoami import header_text


def _acting(**changes: object) -> Identity:
    fields: dict[str, object] = dict(login="wang.li", name="王丽", role=Role.CASEWORKER,
                                     real="root", database="demo.db", demo=True)
    fields.update(changes)
    return Identity(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("room", [50, 55, 62, 63, 78])
def test_acting_is_said_in_words_a_new_user_understands(room: int) -> None:
    """Defect 20: `（root 代）` means nothing; the header says 由 root 代为操作 at 80 columns
    whatever the right-hand context takes."""
    line = header_text(_acting(), room).plain
    assert "由 root 代为操作" in line and "root 代）" not in line
    assert header_text(_acting(), room).cell_len <= room


def test_acting_reads_name_login_then_who_acts() -> None:
    line = header_text(_acting(), 120).plain
    assert "王丽（wang.li） · 由 root 代为操作 · 经办人 · 数据库 demo.db" in line


# the filter summary at 80 columns (defect 16) -------------------------------------------------
def _line(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    screen, _table = queue(app)
    return "".join(s.text for s in screen.query_one(selector).render_line(0)).rstrip()


async def test_the_filter_summary_is_cut_with_an_ellipsis_and_keeps_the_count(url: str) -> None:
    app = make_app(url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        screen, table = queue(app)
        await pilot.press("3")
        await settle(pilot, lambda: table.current() is not None)
        row = table.current()
        assert row is not None
        typed = f"provider:{row.provider_short or row.provider} overdue -status:closed"
        await pilot.press("slash")
        await settle(pilot)
        for ch in typed:
            await pilot.press(ch if ch != " " else "space")
        await pilot.press("enter")
        await settle(pilot, lambda: "筛选后" in str(screen.sub_title))
        views, status = _line(app, "#views"), _line(app, "#status")
        assert cell_len(views) <= 80 and cell_len(status) <= 80
        assert "-status:closed" in views or "…" in views, views
        count = screen.view_counts[2]
        assert f"3逾期 {count:,}" in views.split("筛选")[0], views  # the view's count stays
        assert not status.endswith(":") and not status.endswith("："), status
        assert "筛选" in status and "provider" in status, status
        assert table.total > 0
        assert "-status:closed" in status or status.endswith("…"), status


# the queue's footer (defect 14) -----------------------------------------------------------------
async def test_the_queue_footer_offers_approvals_to_a_supervisor(url: str) -> None:
    from workbench.tui.footer import KeyFooter

    app = make_app(url, user="zhao.min")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        keys = list(app.screen.query_one(KeyFooter).query("FooterKey"))
        line = " ".join(f"{k.key_display} {k.description}" for k in keys)  # type: ignore[attr-defined]
        assert "A 审批" in line and line.endswith("? 帮助"), line
        assert sum(k.region.width for k in keys) <= 80


# the assign picker (defect 13) ------------------------------------------------------------------
async def test_the_assign_picker_offers_people_who_take_cases_by_name(url: str) -> None:
    from workbench.tui.dialogs import PickDialog

    app = make_app(url)
    wb = app.wb  # type: ignore[attr-defined]
    from workbench.services.cases import ensure_caseworker

    ensure_caseworker(wb, "demo", "demo")  # an OS account registered under its login
    ensure_caseworker(wb, "root", "root", role="admin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: queue(app)[1].current() is not None)
        await pilot.press("a")
        await settle(pilot, lambda: isinstance(app.screen, PickDialog))
        dialog = app.screen
        assert isinstance(dialog, PickDialog)
        logins = [value for value, _label in dialog.options]
        assert "root" not in logins and "demo" not in logins, logins
        labels = dict(dialog.options)
        assert labels["wang.li"].startswith("王丽"), labels
