"""Issue 14's "done when": in the default demo a wave of complaints against one agent
raises an alert, becomes one joint complaint, and gets one letter."""

from __future__ import annotations

from pathlib import Path

import docx

from tests.conftest import TODAY, open_test_store
from workbench.cli.options import QUICKSTART_DEMO_CASES
from workbench.demo import generate_demo
from workbench.demo.case import WAVE_MIN_DEMO
from workbench.domain.clock import FrozenClock
from workbench.filings.documents import FilingKind
from workbench.filings.style import demo_style_path
from workbench.services import cases, filings, groups, patterns
from workbench.services.context import Workbench


def test_the_default_demos_wave_raises_an_alert_and_becomes_one_group_with_one_letter(
        sqlite_url: str, tmp_path: Path) -> None:
    assert QUICKSTART_DEMO_CASES >= WAVE_MIN_DEMO
    store = open_test_store(sqlite_url)
    generate_demo(store, cases=QUICKSTART_DEMO_CASES, seed=1, clock=FrozenClock.on(TODAY))
    wb = Workbench(store=store, actor="boss", clock=FrozenClock.on(TODAY),
                   filings_style=demo_style_path())
    cases.ensure_caseworker(wb, "boss", role="supervisor")
    wave = next(a for a in patterns.alerts(wb) if a.rule == "same_agent_category")
    assert len(wave.case_ids) >= 30 and (wave.last_opened - wave.first_opened).days <= 30
    assert "费率上调" in wave.what and wave.provider
    detail = patterns.group_alert(wb, wave.id, "演示费率上调")
    assert detail.row.members == len(wave.case_ids) and detail.row.provider == wave.provider
    done = filings.export(wb, groups.lead_case(wb, "演示费率上调"),
                          FilingKind.GROUP_COMPLAINT_LETTER, tmp_path)
    assert len(list(tmp_path.glob("*.docx"))) == 1
    document = docx.Document(str(done.path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    assert len(table.rows) == 1 + detail.row.members + 1  # header, members, 合计
    text = "".join(p.text for p in document.paragraphs)
    assert f"以上{detail.row.members}名投诉人请求金额合计人民币" in text
    store.dispose()
