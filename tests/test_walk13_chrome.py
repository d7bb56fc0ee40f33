"""Issue 13's second walk-through at 80×24: the header's acting wording, the footers' keys,
the filter summary (defects 14, 16, 20)."""

from __future__ import annotations

import pytest

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
