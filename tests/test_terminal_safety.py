"""No byte of data reaches the terminal: one sanitiser for everything shown, one cleaner
for everything stored (DESIGN §8, issue 12 item 7)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case, provider
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Stage
from workbench.domain.text_input import stored_text, without_controls
from workbench.domain.validators import ValidationError
from workbench.errors import RuleViolation
from workbench.services import cases, escalation, intake
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.terminal_text import MARK, clean

OSC52 = "\x1b]52;c;aGVsbG8=\x07"
CLEAR = "\x1b[2J"
TITLE_SET = "\x1b]0;pwned\x07"
C1_CSI = "\x9b"
BIDI = "\u202e"
HOSTILE = f"费率{OSC52}被{CLEAR}上调{TITLE_SET}{C1_CSI}31m\a{BIDI}gnp.exe"
RAW_BYTES = ("\x1b", "\x07", "\x9b", "\u202e")

GOOD_FORM = intake.IntakeForm(
    title="押金不退", name="王五", phone="13912345678", provider="示例汇达支付有限公司",
    categories=["押金"], narrative="办理时收取押金299元。", demands=[("退还押金", "299")])


# --- the one sanitiser for what is shown --------------------------------------------


def test_clean_shows_every_control_escape_and_bidi_character_as_a_mark() -> None:
    shown = clean(HOSTILE)
    assert not any(c in shown for c in RAW_BYTES)
    assert shown.count(MARK) == 8 and shown.startswith("费率" + MARK + "]52;")
    assert clean("a\x7fb\u2066c\u2069") == f"a{MARK}b{MARK}c{MARK}"


def test_clean_keeps_newlines_only_where_text_is_multi_line() -> None:
    assert clean("一\r\n二\n三\t四") == "一 二 三 四"
    assert clean("一\r\n二\r三\t四", one_line=False) == "一\n二\n三    四"


# --- one cleaner for what is stored ------------------------------------------------


def test_stored_text_removes_controls_and_keeps_layout_in_multi_line_text() -> None:
    assert stored_text(HOSTILE) == "费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe"
    assert stored_text("第一段\r\n\t第二段\x1b[31m", multiline=True) == "第一段\n\t第二段[31m"
    assert stored_text("标题\n第二行\t尾") == "标题 第二行 尾"
    assert without_controls("\x00a\x1b") == "a"  # removal only: evidence metadata


@pytest.mark.parametrize("bad", ["a\x00b", "a\ud800b"])
def test_nul_and_lone_surrogates_are_refused_in_chinese(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        stored_text(bad, field="title", label="标题")
    assert caught.value.code == "chars" and caught.value.message.startswith("标题中含有")


def test_intake_stores_titles_narratives_and_demands_cleaned(wb: Workbench) -> None:
    form = replace(GOOD_FORM, title=HOSTILE, narrative=f"第一行\n\t第二行{OSC52}",
                   name=f"王五{CLEAR}", provider=f"示例支付{TITLE_SET}",
                   demands=[(f"退还{BIDI}押金", "299")])
    case = intake.submit(wb, form)
    with wb.store.session() as session:
        stored = session.get(cases.Case, case.id)
        assert stored is not None
        person = session.get(cases.Complainant, stored.complainant_id)
        company = session.get(cases.Provider, stored.provider_id)
        assert person is not None and company is not None
        texts = [stored.title, stored.narrative, stored.demands[0]["text"], person.name,
                 company.name]
    assert texts[:3] == ["费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe",
                         "第一行\n\t第二行]52;c;aGVsbG8=", "退还押金"]
    assert texts[3] == "王五[2J" and texts[4] == "示例支付]0;pwned"


def test_intake_refuses_nul_and_surrogates_by_field_and_saves_nothing(wb: Workbench) -> None:
    form = replace(GOOD_FORM, title="押金\x00不退", narrative="事实\udc80")
    with pytest.raises(intake.IntakeErrors) as caught:
        intake.submit(wb, form)
    assert set(caught.value.errors) == {"title", "narrative"}
    assert "空字符" in caught.value.errors["title"]
    assert cases.case_count(wb) == 0


def test_create_edit_and_contacts_clean_at_the_edge(wb: Workbench) -> None:
    case = new_case(wb, title=HOSTILE, narrative=f"一\n二{CLEAR}")
    assert case.title == "费率]52;c;aGVsbG8=被[2J上调]0;pwned31mgnp.exe"
    assert case.narrative == "一\n二[2J"
    edited = cases.edit_case(wb, case.id, case.version,
                             {"title": f"新{OSC52}标题", "narrative": f"甲\n乙{BIDI}"})
    assert (edited.title, edited.narrative) == ("新]52;c;aGVsbG8=标题", "甲\n乙")
    with pytest.raises(RuleViolation, match="空字符"):
        cases.edit_case(wb, case.id, edited.version, {"title": "坏\x00标题"})
    contact = log_contact(wb, case.id, edited.version, ContactDraft(
        channel="phone", counterpart=f"客服{TITLE_SET}", summary=f"说了\n{OSC52}没用",
        ticket_no=f"T{C1_CSI}1", outcome=f"无{CLEAR}"))
    assert (contact.counterpart, contact.summary, contact.ticket_no, contact.outcome) == (
        "客服]0;pwned", "说了\n]52;c;aGVsbG8=没用", "T1", "无[2J")
    with pytest.raises(RuleViolation, match="空字符"):
        log_contact(wb, case.id, cases.get_case(wb, case.id).version, ContactDraft(
            channel="phone", counterpart="", summary="坏\x00"))
    assert provider(wb)  # the factory still works


# --- the raw bytes a terminal receives ---------------------------------------------
# Older rows (stored before intake cleaned them) and text no edge cleans yet (an approval
# reason) still hold the payloads: what is shown must not carry them to the terminal.

# What the data would send: the app's own sequences start with ESC too, so each payload is
# looked for whole (ESC with what follows it, a BEL after the text it ends, C1 and bidi).
PAYLOADS = (b"\x1b]52;", b"aGVsbG8=\x07", b"\x1b]0;pwned", b"pwned\x07", b"\x1b[2J",
            "\x9b".encode(), "\u202e".encode())  # U+009B as UTF-8: C2 9B
LEGACY_TITLE = f"旧标题{OSC52}{CLEAR}被{TITLE_SET}{C1_CSI}\a{BIDI}改"


def _payloads_in(raw: bytes) -> list[bytes]:
    return [p for p in PAYLOADS if p in raw]


@pytest.fixture
def hostile_db(tmp_path: Path) -> str:
    """A SQLite file with a case filled through the services with hostile strings, then
    given a raw title and approval reason as an older version would have stored them."""
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    case = new_case(wb, title=HOSTILE, narrative=f"事实{OSC52}\n第二行{CLEAR}")
    escalation.request_approval(wb, case.id, Stage.MEDIA, f"理由{OSC52}{TITLE_SET}{C1_CSI}")
    store.dispose()
    with sqlite3.connect(tmp_path / "hostile.db") as conn:
        conn.execute("UPDATE complaint_case SET title = ?", (LEGACY_TITLE,))
        conn.execute("UPDATE approval_request SET reason = ?", (f"理由{OSC52}{TITLE_SET}"
                                                                  f"{C1_CSI}{BIDI}",))
    return url


def run_in_pty(args: list[str], keys: list[tuple[float, bytes]] = (), *,  # type: ignore[assignment]
               seconds: float = 30) -> bytes:
    """Run `python -m workbench ARGS` on a pseudo-terminal; every byte it writes, raw.
    `keys` are (delay, bytes) typed in order; the process must end by itself."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
    proc = subprocess.Popen([sys.executable, "-m", "workbench", *args], stdin=slave,
                            stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    out = bytearray()
    pending = list(keys)
    deadline = time.monotonic() + seconds
    next_key = time.monotonic() + (pending[0][0] if pending else 0)
    try:
        while time.monotonic() < deadline:
            if pending and time.monotonic() >= next_key:
                os.write(master, pending.pop(0)[1])
                next_key = time.monotonic() + (pending[0][0] if pending else 0)
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            elif proc.poll() is not None and not pending:
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    return bytes(out)


def test_pty_remind_approvals_and_escalate_errors_send_no_payload(hostile_db: str) -> None:
    reminded = run_in_pty(["--db", hostile_db, "remind", "--days", "365"])
    assert "旧标题".encode() in reminded and MARK.encode() in reminded
    listed = run_in_pty(["--db", hostile_db, "approvals", "list"])
    assert "理由".encode() in listed
    refused = run_in_pty(["--db", hostile_db, "escalate", f"TS{OSC52}{TITLE_SET}",
                          "--to", "provider"])
    assert b"workbench:" in refused
    moved = run_in_pty(["--db", hostile_db, "escalate", "TS-2026-000001", "--to", "media",
                        "--reason", f"理由{CLEAR}{OSC52}"])
    for raw in (reminded, listed, refused, moved):
        assert _payloads_in(raw) == []
        assert b"\x1b" not in raw and b"\x07" not in raw  # the CLI sends no escape at all


def test_pty_tui_edit_dialog_sends_no_payload(hostile_db: str) -> None:
    keys = [(6.0, b"7"), (2.0, b"\r"), (3.0, b"E"), (2.0, b"\r"), (3.0, b"\x1b"), (1.5, b"\x1b"),
            (1.5, b"q")]
    raw = run_in_pty(["--db", hostile_db], keys, seconds=40)
    assert _payloads_in(raw) == []
    shown = re.sub(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]", "", raw.decode("utf-8", "replace"))
    picker = shown.rfind("修改哪一项")
    assert picker > 0  # the edit dialog opened, then its Input held the old title, as marks
    assert f"▊  旧标题{MARK}]52;c;aGVsbG8={MARK}{MARK}[2J被" in shown[picker:]


# --- every value placed into a widget --------------------------------------------


async def test_inputs_text_areas_toasts_titles_and_suggestions_are_clean(
        sqlite_url: str, tmp_path: Path) -> None:
    from textual.widgets import Input, TextArea

    from tests.tui_support import make_app, settle
    from workbench.tui.case.evidence import PathSuggester
    from workbench.tui.dialogs import AskDialog, TextDialog

    (tmp_path / f"证据{OSC52}.txt").write_text("x", encoding="utf-8")
    (tmp_path / "证据说明.txt").write_text("x", encoding="utf-8")
    app = make_app(sqlite_url)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(AskDialog("标题", "", HOSTILE))
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == clean(HOSTILE)
        field.value = f"改{TITLE_SET}"  # assigned later: cleaned too
        assert field.value == f"改{MARK}]0;pwned{MARK}"
        field.insert_text_at_cursor(CLEAR)
        assert "\x1b" not in field.value
        await pilot.press("escape")
        app.push_screen(TextDialog("事实与理由", f"一\n二{OSC52}"))
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text == f"一\n二{MARK}]52;c;aGVsbG8={MARK}"
        area.insert(f"{BIDI}三\n")
        area.load_text(f"{area.text}{C1_CSI}")
        assert not any(c in area.text for c in RAW_BYTES) and "\n" in area.text
        await pilot.press("escape")
        app.notify(f"[b]{TITLE_SET}[/b]", title=f"题{C1_CSI}")
        app.screen.sub_title = f"TS{OSC52}"
        await pilot.pause()
        note = list(app._notifications)[-1]
        assert note.message == f"[b]{MARK}]0;pwned{MARK}[/b]" and not note.markup
        assert note.title == f"题{MARK}" and app.screen.sub_title == f"TS{MARK}]52;c;aGVsbG8={MARK}"
    suggested = await PathSuggester().get_suggestion(str(tmp_path / "证据"))
    assert suggested == str(tmp_path / "证据说明.txt")  # the escape-laden name is not offered



def test_the_cli_prints_and_the_tui_edits_only_through_the_sanitiser() -> None:
    """A new `typer.echo` or a plain Input/TextArea would bypass it: none may appear."""
    package = Path(__file__).resolve().parent.parent / "workbench"
    bypass = re.compile(r"typer\.(echo|secho)\(|\bprint\(|(?<!Safe)\b(Input|TextArea)\(")
    offenders = [
        f"{path.relative_to(package)}:{n}"
        for folder in ("cli", "tui") for path in (package / folder).rglob("*.py")
        if path.name not in ("output.py", "text.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if bypass.search(line)]
    assert offenders == []


def test_decision_notes_and_mediation_terms_are_stored_cleaned(wb: Workbench) -> None:
    from sqlalchemy import select

    from tests.test_mediation import in_mediation
    from workbench.services import acceptance, mediation
    from workbench.store.models import CaseEvent

    cases.ensure_caseworker(wb, "alice")
    case = new_case(wb)
    acceptance.accept(wb, case.id, case.version, note=f"材料齐全{OSC52}")
    agreed = in_mediation(wb)
    mediation.record_agreement(wb, agreed.id, agreed.version, f"退还{CLEAR}\n押金{BIDI}",
                               12345)
    with wb.store.session() as session:
        notes = [e.payload.get("note") or e.payload.get("terms") for e in session.execute(
            select(CaseEvent)).scalars()]
    assert "材料齐全]52;c;aGVsbG8=" in notes and "退还[2J\n押金" in notes
    with pytest.raises(RuleViolation, match="空字符"):
        fresh = new_case(wb)
        acceptance.accept(wb, fresh.id, fresh.version, note="\x00")
