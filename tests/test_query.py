"""The queue's filter language (written before the code that uses it)."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.query import DateBound, FilterError, Key, Term, parse_filter

TODAY = date(2026, 11, 26)


def test_the_documented_example() -> None:
    f = parse_filter('stage:mediation cat:跳码 provider:示例 assignee:me|none|wang.li overdue '
                     'due:<3d priority:high status:open -status:closed "押金 退还" 费率',
                     TODAY)
    assert f.terms == (
        Term(Key.STAGE, ("mediation",)),
        Term(Key.CATEGORY, ("code_jumping",)),
        Term(Key.PROVIDER, ("示例",)),
        Term(Key.ASSIGNEE, ("me", "none", "wang.li")),
        Term(Key.OVERDUE),
        Term(Key.DUE, (), False, DateBound("<", date(2026, 11, 29))),
        Term(Key.PRIORITY, ("high",)),
        Term(Key.STATUS, ("open", "waiting")),
        Term(Key.STATUS, ("closed",), True),
        Term(Key.TEXT, ("押金 退还",)),
        Term(Key.TEXT, ("费率",)),
    )
    assert f.text == ["押金 退还", "费率"]


def test_chinese_labels_and_fragments() -> None:
    assert parse_filter("stage:消协调解", TODAY).terms[0].values == ("mediation",)
    assert parse_filter("cat:押金", TODAY).terms[0].values == ("deposit_fees",)
    assert parse_filter("priority:紧急", TODAY).terms[0].values == ("urgent",)
    assert parse_filter("逾期", TODAY).terms[0].key is Key.OVERDUE


def test_dates() -> None:
    assert parse_filter("due:today", TODAY).terms[0].bound == DateBound("=", TODAY)
    assert parse_filter("due:<=2026-12-31", TODAY).terms[0].bound == \
        DateBound("<=", date(2026, 12, 31))
    assert parse_filter("opened:<30d", TODAY).terms[0].bound == DateBound(">", date(2026, 10, 27))
    assert parse_filter("due:<2w", TODAY).terms[0].bound == DateBound("<", date(2026, 12, 10))


@pytest.mark.parametrize("text, fragment", [
    ("stage:nowhere", "阶段"),
    ("cat:", "缺少值"),
    ("colour:red", "未知的筛选项"),
    ('"unbalanced', "引号"),
    ("due:<soon", "日期"),
    ("status:pending", "状态"),
    ("due:<3d|<4d", "日期条件"),
])
def test_mistakes_are_explained(text: str, fragment: str) -> None:
    with pytest.raises(FilterError) as info:
        parse_filter(text, TODAY)
    assert fragment in info.value.message


def test_free_text_with_colons_is_text() -> None:
    f = parse_filter("12:30 http://x", TODAY)
    assert [t.key for t in f.terms] == [Key.TEXT, Key.TEXT]


def test_hostile_markup_is_just_text() -> None:
    f = parse_filter("[@click=app.quit]点我[/]", TODAY)
    assert f.text == ["[@click=app.quit]点我[/]"]


@given(st.text(max_size=200))
def test_never_raises_anything_but_filter_error(text: str) -> None:
    with contextlib.suppress(FilterError):
        parse_filter(text, TODAY)
