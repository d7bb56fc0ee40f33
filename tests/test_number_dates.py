"""文号 that run with the dates (issue 11, review N1): a paper dated before one already
numbered in its series is warned in the pre-flight (a back-dated paper); the 发文登记
files a paper under the year its 文号 names, with the date the paper bears."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import TODAY
from tests.factories import new_case
from tests.test_export import at_stage
from workbench.domain.clock import FrozenClock
from workbench.filings.style import demo_style_path
from workbench.services import acceptance, cases, filings
from workbench.services.context import Workbench
from workbench.services.register import register

LATER = TODAY + timedelta(days=3)


def _on(wb: Workbench, day: date) -> Workbench:
    """The same office on another day."""
    return Workbench(store=wb.store, actor="alice", clock=FrozenClock.on(day),
                     filings_style=demo_style_path())


def _accepted(wb: Workbench) -> int:
    case = new_case(wb)
    acceptance.accept(wb, case.id, cases.get_case(wb, case.id).version)
    return case.id


def test_a_paper_dated_before_a_numbered_one_is_warned(wb: Workbench, tmp_path: Path) -> None:
    decided = _accepted(wb)  # accepted today: its notice is dated today
    letter = new_case(wb)
    at_stage(wb, letter.id, "provider")
    later = _on(wb, LATER)
    first = filings.export(later, letter.id, "complaint_letter_provider", tmp_path)
    assert first.doc_no == "示消协函〔2026〕1号"

    checked = filings.check_export(later, decided, "acceptance_notice")
    [warning] = [w for w in checked.warnings if "已编号" in w]
    assert warning.startswith("本文书日期为2026年11月26日，早于已编号的示消协函〔2026〕1号"
                              "（2026年11月29日）")
    assert "请按日期先后导出" in warning and "--draft" in warning
    assert checked.ok  # a warning: the caseworker may still issue it

    notice = filings.export(later, decided, "acceptance_notice", tmp_path)
    rows = register(later, 2026).rows
    assert [(r.doc_no, r.issued_on) for r in rows] == [
        (first.doc_no, LATER), (notice.doc_no, TODAY)]  # the dates the papers bear

    again = new_case(wb)
    at_stage(wb, again.id, "provider")
    assert not [w for w in filings.check_export(later, again.id, "complaint_letter_provider")
                .warnings if "已编号" in w]  # dated with the latest: in order


def test_a_paper_dated_last_year_is_in_last_years_register(wb: Workbench,
                                                           tmp_path: Path) -> None:
    decided = _accepted(_on(wb, date(2025, 12, 30)))
    exported = filings.export(wb, decided, "acceptance_notice", tmp_path)  # printed in 2026
    assert exported.doc_no == "示消协函〔2025〕1号"
    [row] = register(wb, 2025).rows
    assert (row.number, row.issued_on) == (1, date(2025, 12, 30))
    assert register(wb, 2026).rows == () and register(wb, 2026).repeats == ()
    letter = new_case(wb)
    at_stage(wb, letter.id, "provider")
    checked = filings.check_export(wb, letter.id, "complaint_letter_provider")
    assert not [w for w in checked.warnings if "已编号" in w]  # another year's series
