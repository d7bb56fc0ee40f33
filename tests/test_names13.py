# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""Issue 13's walk-through, defect 13: people are shown by name, not login — the timeline's
人员 and its event texts, notes, evidence's 添加人, filings' 导出人 (the login only in `v`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tests.conftest import open_test_store
from tests.factories import evidence, new_case
from tests.tui_support import (  # noqa: F401  (shared fixtures)
    TODAY,
    make_app,
    settle,
    template,
    url,
)
from workbench.domain.clock import FrozenClock
from workbench.services import cases, filings
from workbench.services.case_view import case_view
from workbench.services.context import Workbench
from workbench.services.evidence import annotate, annotations_for, evidence_for

SIZE = (80, 24)


def prepare(url: str, tmp_path: Path) -> int:
    """A case wang.li (王丽) registered and gave to zhang.wei (张伟), who noted it; evidence
    added by root acting as wang.li; one filing exported by zhang.wei."""
    store = open_test_store(url)
    wang = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    zhang = replace(wang, actor="zhang.wei")
    case = new_case(wang)
    assert case.id is not None
    cases.assign_case(wang, case.id, cases.get_case(wang, case.id).version, "zhang.wei")
    annotate(zhang, case.id, cases.get_case(zhang, case.id).version, "已电话核实", ["重点"])
    evidence(replace(wang, real_actor="root"), case.id, tmp_path / "files")
    done = filings.export_many(zhang, [case.id], "auto", tmp_path / "out")
    assert done.done, done.refused
    store.dispose()
    return case.id


def test_read_models_name_people_and_keep_the_login_for_the_detail(
        url: str, tmp_path: Path) -> None:
    case_id = prepare(url, tmp_path)
    store = open_test_store(url)
    wb = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    view = case_view(wb, case_id)
    actors = {line.actor for line in view.events}
    assert actors == {"王丽", "张伟"}, actors
    assert {line.login for line in view.events} == {"wang.li", "zhang.wei"}
    assigned = next(line for line in view.events if line.kind == "assigned")
    assert assigned.text == "分配：未分配 → 张伟"
    added = next(line for line in view.events if line.kind == "evidence_added")
    assert added.real_actor == "root"
    assert view.filings[0].created_by == "张伟"
    assert annotations_for(wb, case_id)[0].author == "张伟"
    assert evidence_for(wb, case_id)[0].added_by == "王丽"
    store.dispose()


async def test_the_case_tabs_show_names_and_v_the_login(url: str, tmp_path: Path) -> None:
    from textual.widgets import DataTable, Static

    from tests.test_case_entries import detail_text
    from workbench.tui.detail import DetailDialog

    case_id = prepare(url, tmp_path)
    app = make_app(url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_case(case_id)
        await settle(pilot, lambda: getattr(app.screen, "case", None) is not None)
        screen = app.screen

        def cells(table_id: str) -> list[str]:
            table = screen.query_one(table_id, DataTable)
            return [str(cell) for row in range(table.row_count)
                    for cell in table.get_row_at(row)]

        await pilot.press("3")
        await settle(pilot)
        shown = cells("#case-timeline")
        assert "王丽" in shown and "张伟" in shown
        assert not any("wang.li" in c or "zhang.wei" in c for c in shown), shown
        assert "分配：未分配 → 张伟" in shown
        await pilot.press("v")
        await settle(pilot, lambda: isinstance(app.screen, DetailDialog))
        assert "张伟（zhang.wei）" in detail_text(app)
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is screen)

        await pilot.press("5")
        await settle(pilot)
        shown = cells("#case-filings")
        assert "张伟" in shown and "zhang.wei" not in shown

        await pilot.press("2")
        await settle(pilot)
        notes = "".join(str(w.content) for w in screen.query(Static))
        assert "张伟 · 案件（重点）" in notes and "zhang.wei" not in notes


def test_the_live_notice_names_whom_a_case_was_given_to(url: str, tmp_path: Path) -> None:
    from workbench.services.case_live import case_changes

    store = open_test_store(url)
    wang = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    case = new_case(wang)
    assert case.id is not None
    seen = case_view(wang, case.id).last_seq
    cases.assign_case(wang, case.id, cases.get_case(wang, case.id).version, "zhang.wei")
    (change,) = case_changes(wang, case.id, seen)
    assert change.notice == "王丽 刚刚分配：未分配 → 张伟"
    store.dispose()


def test_a_providers_history_names_who_changed_it(url: str) -> None:
    from workbench.services.registry import provider_detail
    from workbench.services.registry_edit import add_provider

    store = open_test_store(url)
    zhao = Workbench(store=store, actor="zhao.min", clock=FrozenClock.on(TODAY))
    add_provider(zhao, "示例新支付有限公司", {})
    (line,) = provider_detail(zhao, "示例新支付有限公司").history
    assert line.actor == "赵敏"
    store.dispose()


async def test_the_alert_detail_leads_with_its_description_not_its_id(url: str) -> None:
    from rich.console import Console
    from textual.widgets import Static

    from tests.test_patterns import wave
    from workbench.tui.patterns import PatternsScreen

    app = make_app(url, user="zhao.min")  # the demo's supervisor
    wave(app.wb, 12)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot, lambda: isinstance(app.screen, PatternsScreen)
                     and bool(app.screen.alerts))
        screen = app.screen
        assert isinstance(screen, PatternsScreen)
        alert = screen.alerts[0]
        console = Console(width=76, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(screen.query_one("#alert-detail", Static).content)
        lines = [line.strip() for line in console.export_text().splitlines() if line.strip()]
        assert lines[0] == alert.label
        with_id = [line for line in lines if alert.id in line]
        assert with_id and all(line.startswith("CLI 名称") for line in with_id), lines


def test_the_issued_papers_register_names_the_caseworker(url: str, tmp_path: Path) -> None:
    from tests.test_export import at_stage
    from workbench.filings.style import demo_style_path
    from workbench.services.register import register

    store = open_test_store(url)
    zhang = Workbench(store=store, actor="zhang.wei", clock=FrozenClock.on(TODAY),
                      filings_style=demo_style_path())
    case = new_case(zhang)
    assert case.id is not None
    at_stage(zhang, case.id, "provider")
    evidence(zhang, case.id, tmp_path / "files")
    paper = filings.export(zhang, case.id, "complaint_letter_provider", tmp_path)
    (row,) = [r for r in register(zhang, TODAY.year).rows if r.doc_no == paper.doc_no]
    assert row.created_by == "张伟"
    store.dispose()


def test_a_joint_complaint_names_its_people(url: str) -> None:
    """`group show` / `group list`: who formed the group and who acted, by name."""
    from workbench.services import groups

    store = open_test_store(url)
    wang = Workbench(store=store, actor="wang.li", clock=FrozenClock.on(TODAY))
    first = new_case(wang)
    second = new_case(wang, provider_id=first.provider_id)
    groups.create_group(wang, "押金", [first.ref, second.ref])
    detail = groups.group_detail(wang, "押金")
    assert detail.row.created_by == "王丽"
    assert {line.actor for line in detail.history} == {"王丽"}
    assert [row.created_by for row in groups.list_groups(wang)] == ["王丽"]
    store.dispose()
