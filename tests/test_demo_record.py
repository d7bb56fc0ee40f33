"""The demo a reader would trust (issue 11, review 0.2 / 0.4 / 0.5 and its "demo-data
guards"): no case of a 300-case demo gives the pre-flight anything to say against its own
record — no 生活消费 case that reads as a shop's business, no evidence of another
category, no contact out of order or contradicting its channel, no letter the log says
was sent before the paper that is that letter."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from workbench.demo import generate_demo
from workbench.domain.clock import FrozenClock
from workbench.filings.style import demo_style_path
from workbench.services import filings, preflight
from workbench.services.context import Workbench
from workbench.services.filing_data import filing_data
from workbench.store.engine import open_store
from workbench.store.models import Case


@pytest.mark.parametrize("seed", [1])  # the seed the specimens are rendered from
def test_no_demo_case_warns_against_its_own_record(tmp_path: Path, seed: int) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'demo.db'}", lambda *_: "demo-record",
                       demo=True)
    try:
        wb = Workbench(store=store, actor="demo", clock=FrozenClock.on(TODAY),
                       filings_style=demo_style_path())
        generate_demo(store, cases=300, seed=seed, clock=wb.clock)
        found: list[tuple[str, str, str]] = []
        kinds = 0
        with store.session() as session:
            for case in session.execute(select(Case).order_by(Case.id)).scalars():
                for kind in filings.offered_for(case):
                    data = filing_data(session, wb, case, kind, "", False, addressee=None,
                                       association="示例市消费者协会")
                    kinds += 1
                    found += [(case.ref, kind.value, w)
                              for w in preflight.record_warnings(kind, data)]
    finally:
        store.dispose()
    assert kinds > 900  # every case, every paper its stage offers
    assert found == []
