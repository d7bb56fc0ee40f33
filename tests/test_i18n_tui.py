# ruff: noqa: F811  (the shared fixtures of tests/tui_support.py are parameters here)
"""The TUI speaks the configured language: the chrome (footer, help, header, palette,
forms) in Chinese by default and in English with `language = "en"`, while case data stays
Chinese. Driven through the real app at 80×24 on the demo database, both languages in one
process (the language is set before the app is built)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from rich.console import Console
from textual.widgets import Label, Static

from tests.tui_support import copy_db, make_app, make_demo_template, queue, settle, template, url  # noqa: F401  (shared fixtures)
from workbench import i18n
from workbench.services.queue import SORT_KEYS
from workbench.tui.app import WorkbenchApp
from workbench.tui.case_screen import CaseScreen
from workbench.tui.footer import KeyFooter
from workbench.tui.header import AppHeader
from workbench.tui.help import HelpScreen
from workbench.tui.intake_screen import IntakeScreen
from workbench.tui.queue_table import QueueHeader

SMALL = (80, 24)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2,}")
# what may stay ASCII in the Chinese chrome: key names and codes
KEY_WORDS = {"Esc", "Enter", "Tab", "PgDn", "PgUp", "Home", "End", "ctrl", "space", "keymap",
             "SN", "POS", "PDF", "SQLite", "PostgreSQL", "SVG", "id"}


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.set_language(request.param)
    try:
        yield request.param
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def untranslated(texts: list[str], language: str, content: set[str]) -> list[str]:
    """The texts that speak the other language: Chinese chrome has no ASCII word but key
    names and codes; English chrome has no Chinese once the case data shown is removed."""
    found = []
    for text in texts:
        rest = text
        for data in sorted(content, key=len, reverse=True):
            rest = rest.replace(data, "")
        if CJK.search(rest) if language == "en" else set(WORD.findall(rest)) - KEY_WORDS:
            found.append(text)
    return found


def footer_labels(app: WorkbenchApp) -> list[str]:
    return [key.description for key in  # type: ignore[attr-defined]
            app.screen.query_one(KeyFooter).query("FooterKey")]


def rendered(renderable: object) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


async def help_texts(app: WorkbenchApp, pilot) -> list[str]:  # type: ignore[no-untyped-def]
    """The help's title line, headings, groups and labels (not the keys column)."""
    app.action_help()  # `?` would be typed into the intake form's field
    await settle(pilot, lambda: isinstance(app.screen, HelpScreen))
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    title = rendered(screen.query_one(".help-title", Static).content)
    texts = [title, *(row.label for row in screen.rows),
             *(i18n._(row.group) for row in screen.rows)]
    table = rendered(screen.query_one("#help-keys", Static).content)
    texts.append(table.splitlines()[0])  # the headings
    await pilot.press("escape")
    await settle(pilot, lambda: not isinstance(app.screen, HelpScreen))
    return texts


def header_context(app: WorkbenchApp) -> str:
    return app.screen.query_one(AppHeader).context


async def test_queue_case_and_intake_chrome_speak_the_language(url: str, language: str) -> None:
    app = make_app(url)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, lambda: queue(app)[1].exact and queue(app)[1].total > 0)
        screen = queue(app)[0]
        # case data and codes: the views' names (services' vocabulary) and filters
        content = {text for view in screen.views
                   for text in (view.title, view.short_title, *view.filter.split())}
        content |= set(SORT_KEYS)  # codes
        texts = footer_labels(app) + await help_texts(app, pilot) + [header_context(app)]
        assert footer_labels(app) and untranslated(texts, language, content) == []
        palette = [c.title + " " + c.help for c in app.get_system_commands(app.screen)]
        assert untranslated(palette, language, content) == []

        await pilot.press("enter")  # the case under the cursor
        await settle(pilot, lambda: isinstance(app.screen, CaseScreen))
        case = app.screen
        content.add(header_context(app))  # the case's ref and title
        content.add(str(getattr(case, "sub_title", "")))
        texts = footer_labels(app) + await help_texts(app, pilot)
        tabs = [str(tab.label) for tab in case.query("Tab")]
        assert tabs and untranslated(texts + tabs, language, content) == []

        await pilot.press("escape")
        await settle(pilot, lambda: not isinstance(app.screen, CaseScreen))
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
        form = app.screen
        labels = [rendered(label.content) for label in form.query(Label)]
        placeholders = [str(field.placeholder) for field in form.query("Input")]
        texts = footer_labels(app) + await help_texts(app, pilot) + [header_context(app)]
        assert untranslated(texts + labels + placeholders, language, content) == []


async def test_english_is_english_and_chinese_is_chinese_in_one_process(url: str) -> None:
    shown = {}
    try:
        for code in ("en", "zh_CN", "en"):
            i18n.set_language(code)
            app = make_app(url)
            async with app.run_test(size=SMALL) as pilot:
                await settle(pilot, lambda: queue(app)[1].total > 0)  # noqa: B023
                shown[code] = (footer_labels(app), app.title)
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)
    assert shown["en"][0][0] == "Open" and shown["en"][0][-1] == "Help"
    assert shown["en"][1] == "POS Complaint Case Workbench"
    assert shown["zh_CN"][0][0] == "打开" and shown["zh_CN"][1] == "POS 投诉案件工作台"


async def test_english_labels_are_capitalised_and_whole(url: str) -> None:
    """TUI labels have their own context: "Stage", not the CLI's mid-sentence "stage", and
    the intake's label column is as wide as its longest English label."""
    i18n.set_language("en")
    try:
        app = make_app(url)
        async with app.run_test(size=SMALL) as pilot:
            await settle(pilot, lambda: queue(app)[1].total > 0)
            header = str(queue(app)[0].query_one(QueueHeader).render())
            assert "Stage" in header and "stage" not in header
            await pilot.press("enter")
            await settle(pilot, lambda: isinstance(app.screen, CaseScreen)
                         and app.screen.case is not None)
            fields = rendered(app.screen.query_one("#case-fields", Static).content)
            labels = {line.split("  ")[0] for line in fields.splitlines()}
            assert {"Title", "Dispute scope", "Stage"} <= labels
            await pilot.press("escape")
            await settle(pilot, lambda: not isinstance(app.screen, CaseScreen))
            await pilot.press("n")
            await settle(pilot, lambda: isinstance(app.screen, IntakeScreen))
            await pilot.pause()
            shown = {rendered(label.content).strip(): label.size.width
                     for label in app.screen.query(".field-label")}
            for label in ("Address", "Merchant name", "Merchant no.", "Dispute scope *",
                          "Facts & reasons"):
                assert shown.get(label, 0) >= len(label), (label, shown)
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def test_feedback_speaks_english_in_whole_sentences() -> None:
    from workbench.domain.ladder import Stage
    from workbench.services.bulk import BulkResult
    from workbench.tui import feedback

    i18n.set_language("en")
    try:
        superior = Stage.SUPERIOR.label  # content: the ladder's Chinese names
        assert feedback.moved(Stage.SUPERIOR)(3) == f"Moved 3 cases to “{superior}”"
        assert feedback.assigned("周琦")(2) == "Assigned 2 cases to 周琦"
        assert feedback.move(Stage.PROVIDER, Stage.SUPERIOR) == f"escalated to “{superior}”"
        none = BulkResult(done=[], refused=[])
        assert feedback.bulk(none, feedback.bodies_recorded) == ""
        texts = [feedback.decisions_summary(2, 1), feedback.approval_requested("TS-1", Stage.MEDIA),
                 feedback.nothing_to_undo("TS-1"), i18n._(feedback.NOTE_SAVED)]
        assert untranslated(texts, "en", {Stage.MEDIA.label}) == []
    finally:
        i18n.set_language(i18n.SOURCE_LANGUAGE)


def vocabulary_labels() -> set[str]:
    """The domain's labels (stages, roles, requirements …): content, Chinese in either
    language (README › Configuration › Language), so the English check leaves them out."""
    from workbench.domain import categories, ladder, vocabulary

    labels = {info.label for info in ladder.STAGES} | {info.short_label for info in ladder.STAGES}
    for module in (vocabulary, ladder, categories):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, vocabulary.Coded):
                labels |= {str(member.label) for member in value}
    return labels - {""}


@pytest.mark.parametrize("size", [SMALL, (160, 48)])
async def test_view_bar_header_and_stage_picker_speak_the_language(
        url: str, language: str, size: tuple[int, int]) -> None:
    """No English word in Chinese mode — "6结案", not "6closed" — and no Chinese chrome in
    English mode ("6Closed"), at 80 and 160 columns."""
    from workbench.tui.escalate import StagePicker

    app = make_app(url)
    async with app.run_test(size=size) as pilot:
        await settle(pilot, lambda: queue(app)[1].exact and queue(app)[1].total > 0)
        screen = queue(app)[0]
        await settle(pilot, lambda: len(screen.view_counts) == len(screen.views))
        bar = str(screen.query_one("#views").text)  # type: ignore[attr-defined]
        header = str(screen.query_one(AppHeader).render())
        identity = app.identity  # type: ignore[attr-defined]
        content = vocabulary_labels() | {identity.name, identity.login, identity.real,
                                         *re.findall(r"\S+\.db", header)}  # the file
        assert untranslated([bar, header], language, content) == [], (bar, header)
        shown = " ".join(view.short_title + " " + view.title for view in screen.views)
        assert ("Closed" in shown and "closed" not in shown) if language == "en" \
            else "结案" in shown and not WORD.search(shown)

        await pilot.press("e")  # the stage picker for the case under the cursor
        await settle(pilot, lambda: isinstance(app.screen, StagePicker))
        picker = app.screen
        await pilot.press("down")
        await pilot.pause()
        texts = [rendered(label.content) for label in picker.query(Label)]
        texts += [rendered(picker.query_one("#picker-detail", Static).content)]
        texts += [rendered(option.prompt) for option in
                  picker.query_one("OptionList").options]  # type: ignore[attr-defined]
        content |= {line.split("✗ ", 1)[-1].split("✓ ", 1)[-1].strip()
                    for text in texts for line in text.splitlines()
                    if CJK.search(line) and language == "en" and ("✓" in line or "✗" in line)}
        content.add(str(getattr(picker, "title_text", "")))
        assert untranslated(texts, language, content) == [], texts
