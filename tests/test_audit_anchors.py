"""Anchors: the chain head outside the database catches a history whose hashes were
recomputed after an edit; written automatically, 0600, append-only, never failing a write."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text, update
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from tests.test_store import bypass_history_guard
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.services.context import Workbench
from workbench.store import anchors, audit
from workbench.store.anchors import AnchorLog
from workbench.store.models import CaseEvent, Meta

runner = CliRunner()


def _anchored(wb: Workbench, path: Path, every: int = 1000) -> Workbench:
    wb.anchors = AnchorLog(path, wb.store.db_id, every=every)
    return wb


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def recompute_attack(wb: Workbench, seq: int) -> None:
    """Alter event `seq`, then recompute every later hash and the head with the
    workbench's own `event_hash`, as someone holding the database password could."""
    with wb.store.write() as session:
        bypass_history_guard(session.connection())  # as the owner would, triggers off
        events = session.execute(select(CaseEvent).where(CaseEvent.seq >= seq)  # type: ignore[arg-type]
                                 .order_by(CaseEvent.seq)).scalars().all()  # type: ignore[arg-type]
        prev = events[0].prev_hash
        for event in events:
            payload = dict(event.payload)
            if event.seq == seq:
                payload["title"] = "改写过的标题"
            digest = audit.event_hash(event.seq, event.case_id, event.kind, event.actor,
                                      event.at, payload, prev)
            session.execute(update(CaseEvent).where(CaseEvent.seq == event.seq)  # type: ignore[arg-type]
                            .values(payload=payload, prev_hash=prev, hash=digest))
            prev = digest
        session.execute(update(Meta).where(Meta.key == audit.HEAD_KEY)  # type: ignore[arg-type]
                        .values(value=f"{events[-1].seq}:{prev}"))


def test_recomputed_chain_passes_the_chain_check_but_not_the_anchors(
        wb: Workbench, tmp_path: Path) -> None:
    log = tmp_path / "anchors.log"
    _anchored(wb, log, every=2)
    for i in range(3):
        new_case(wb, title=f"案件{i}")
    assert _lines(log)
    recompute_attack(wb, 1)
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []  # the chain alone cannot tell
        found = [p.message for p in anchors.check(session, wb.anchors)]  # type: ignore[arg-type]
    assert found, "the anchors must catch a recomputed chain"
    first = _lines(log)[0]
    assert any(str(first["at"]) in m and "哈希已变" in m for m in found)


def test_deleting_the_newest_events_is_below_an_anchors_count(
        wb: Workbench, tmp_path: Path) -> None:
    log = tmp_path / "anchors.log"
    _anchored(wb, log, every=1)
    new_case(wb)
    new_case(wb, title="第二件")
    newest = _lines(log)[-1]
    with wb.store.engine.begin() as conn:
        bypass_history_guard(conn)
        conn.execute(text("DELETE FROM case_event WHERE seq > 2"))
        conn.execute(text("UPDATE wb_meta SET value = (SELECT '2:' || hash FROM case_event "
                          "WHERE seq = 2) WHERE key = 'chain_head'"))
    with wb.store.session() as session:
        assert list(audit.verify(session)) == []
        found = [p.message for p in anchors.check(session, wb.anchors)]  # type: ignore[arg-type]
    assert any(f"时有 {newest['count']} 个事件" in m for m in found)


def test_anchors_every_n_events_and_at_least_daily(wb: Workbench, tmp_path: Path) -> None:
    log = tmp_path / "anchors.log"
    _anchored(wb, log, every=5)
    new_case(wb)  # events 1–2: the first commit anchors (no anchor yet)
    assert [a["seq"] for a in _lines(log)] == [2]
    new_case(wb, title="二")  # 3–4: not due
    assert len(_lines(log)) == 1
    new_case(wb, title="三")  # 5–6: crossed 5
    assert [a["seq"] for a in _lines(log)] == [2, 6]
    assert isinstance(wb.clock, FrozenClock)
    wb.clock.advance(timedelta(hours=25))
    new_case(wb, title="四")  # 7–8: a day since the last anchor
    lines = _lines(log)
    assert [a["seq"] for a in lines] == [2, 6, 8]
    assert lines[-1]["at"] == wb.now().isoformat()
    assert {a["db"] for a in lines} == {wb.store.db_id}


def test_anchor_file_is_0600_and_only_appended(wb: Workbench, tmp_path: Path) -> None:
    log = tmp_path / "sub" / "anchors.log"
    _anchored(wb, log, every=1)
    new_case(wb)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    before = log.read_bytes()
    fd = os.open(log, os.O_RDONLY)
    try:
        new_case(wb, title="二")
        after = log.read_bytes()
        assert after.startswith(before) and len(after) > len(before)
    finally:
        os.close(fd)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_an_unwritable_anchor_file_never_fails_the_write(wb: Workbench, tmp_path: Path) -> None:
    folder = tmp_path / "is-a-directory"
    folder.mkdir()
    _anchored(wb, folder, every=1)
    case = new_case(wb)  # the anchor cannot be written; the case is
    assert case.id is not None


def test_cli_anchor_then_verify_catches_the_recompute(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    data = tmp_path / "data"
    env = {"WORKBENCH_DATA_DIR": str(data)}
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    for i in range(3):
        new_case(wb, title=f"案件{i}")
    ok = runner.invoke(app, ["--db", url, "audit", "anchor"], env=env)
    assert ok.exit_code == 0, ok.output
    default = data / "audit-anchors.log"  # beside the data dir by default
    assert stat.S_IMODE(default.stat().st_mode) == 0o600
    anchor = _lines(default)[0]
    # the three cases' events, and the owner registered as the first admin on open
    assert anchor["count"] == anchor["seq"] >= 6 and anchor["db"] == store.db_id
    clean = runner.invoke(app, ["--db", url, "audit", "verify"], env=env)
    assert clean.exit_code == 0, clean.output
    assert re.search(r"[12] 个锚点相符", clean.output)  # ours, and the one taken on the first open
    recompute_attack(wb, 2)
    store.dispose()
    bad = runner.invoke(app, ["--db", url, "audit", "verify"], env=env)
    assert bad.exit_code == 9, bad.output
    assert "ANCHOR" in bad.output and str(anchor["at"]) in bad.output
    assert "BROKEN" not in bad.output  # the chain itself was made to look intact


def test_cli_verify_reports_a_direct_update_by_ref_and_field(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    case = new_case(wb)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET stage = 'legal'"))
    store.dispose()
    bad = runner.invoke(app, ["--db", url, "audit", "verify"],
                        env={"WORKBENCH_DATA_DIR": str(tmp_path)})
    assert bad.exit_code == 9
    assert f"REPLAY  {case.ref} 阶段：记录为 legal，事件重放为 intake" in bad.output


def test_doctor_warns_when_the_anchor_file_cannot_be_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wb.db'}"
    store = open_test_store(url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    new_case(wb)
    store.dispose()
    blocked = tmp_path / "anchors-dir"
    blocked.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'audit_anchor_file = "{blocked}"\n', encoding="utf-8")
    env = {"WORKBENCH_CONFIG": str(config)}
    result = runner.invoke(app, ["--db", url, "doctor"], env=env)
    assert "WARN  anchors" in result.output and "不可写" in result.output
    config.write_text(f'audit_anchor_file = "{tmp_path / "a.log"}"\n', encoding="utf-8")
    runner.invoke(app, ["--db", url, "audit", "anchor"], env=env)
    result = runner.invoke(app, ["--db", url, "doctor"], env=env)
    assert "OK    anchors" in result.output
