"""An operating-system failure is told in the reader's language (`workbench/os_reasons.py`):
`OSError.strerror` is the C library's English."""

from __future__ import annotations

import errno
from pathlib import Path

from tests.factories import new_case
from workbench.i18n import language, set_language
from workbench.os_reasons import REASONS, os_reason
from workbench.services import filings
from workbench.services.context import Workbench


def test_the_usual_reasons_are_chinese_and_have_their_english() -> None:
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    before = language()
    set_language("en")
    try:
        english = {code: os_reason(OSError(code, "x")) for code in REASONS}
    finally:
        set_language(before)
    assert all(text.isascii() and text != "x" for text in english.values()), english
    assert english[errno.EACCES] == "permission denied"


def test_an_unusual_reason_keeps_the_system_words_behind_a_chinese_lead() -> None:
    assert os_reason(OSError(errno.ENOLINK, "Link has been severed")) == \
        "系统错误 ENOLINK：Link has been severed"
    assert os_reason(ValueError("bad")) == "系统错误：bad"


def test_a_real_failure_names_its_reason_in_chinese(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)
    assert case.id is not None
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    batch = filings.export_many(wb, [case.id], "auto", blocker / "out")
    assert len(batch.refused) == 1, batch
    reason = str(batch.refused[0])
    assert "路径中有一段不是文件夹" in reason and "Not a directory" not in reason, reason
