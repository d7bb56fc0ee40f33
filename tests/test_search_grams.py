"""Issue 17: 1–2 character words and structured filters answered from indexes, on SQLite
and PostgreSQL — the same results as a plain substring test of each case's text, after
create, edit, a bulk (demo) load, a rebuild and the migration of an existing database;
and query plans that never read the whole case table."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select, text

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case, provider
from workbench.demo import generate_demo
from workbench.domain.clock import FrozenClock
from workbench.domain.query import parse_filter
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.store import migrate, search
from workbench.store import queue as q
from workbench.store.engine import Store
from workbench.store.models import Case, Complainant, Provider

SHORT = ["张", "张三", "跳", "跳码", "T", "ts", "Ts", "6-", "押", "S", "a", "ab", "示例"]
LONG = ["跳码投诉", "商户被跳码", "押金未退"]


def _heads(store: Store) -> dict[int, tuple[str, str]]:
    with store.session() as session:
        found = {}
        for case in session.execute(select(Case)).scalars():
            assert case.id is not None
            document = cases.case_document(session, case)
            found[case.id] = (document["head"], document["body"])
        return found


def _expected(heads: dict[int, tuple[str, str]], term: str) -> set[int]:
    """Today's meaning: a short term is in the head, a long one in head or body, ASCII
    letters in any case."""
    folded = search.fold(term)
    return {i for i, (head, body) in heads.items()
            if folded in search.fold(head) or (len(term) >= 3 and folded in search.fold(body))}


def _found(store: Store, query: str, *, queue: bool = True) -> set[int]:
    with store.session() as session:
        clause = search.text_filter(store.dialect, query)
        assert clause is not None
        plain = set(session.execute(select(Case.id).where(clause)).scalars())
        if queue:  # the queue's path, with common words checked row by row
            flt = parse_filter(f'"{query}"', TODAY)
            rows = q.window(session, flt, q.Scope(None, TODAY), limit=1000)
            assert {r.id for r in rows} == plain, query
            assert q.count(session, flt, q.Scope(None, TODAY)) == len(plain), query
            # a capped count reads the gram index directly (SQLite)
            assert q.count(session, flt, q.Scope(None, TODAY), cap=2) == min(3, len(plain))
        return plain


def _check_all(store: Store, terms: list[str]) -> None:
    heads = _heads(store)
    for term in terms:
        assert _found(store, term) == _expected(heads, term), term


def _cases(wb: Workbench) -> list[cases.Case]:
    pid = provider(wb, "示例跳码支付有限公司")
    return [new_case(wb, title="跳码投诉", narrative="商户被跳码,交易显示为外地商户名称。",
                     name="张三", provider_id=pid),
            new_case(wb, title="押金 Ab 案件", narrative="押金未退还。", name="李四"),
            new_case(wb, title="其他", narrative="", name="王五")]


def test_short_and_long_words_after_create_and_edit(wb: Workbench) -> None:
    made = _cases(wb)
    _check_all(wb.store, SHORT + LONG)
    cases.edit_case(wb, made[0].id, made[0].version, {"title": "乱收费 SIM"})
    cases.edit_case(wb, made[1].id, made[1].version, {"terminal_sn": "AB-77"})
    heads = _heads(wb.store)
    assert _found(wb.store, "投诉") == set() == _expected(heads, "投诉")
    assert _found(wb.store, "si") == {made[0].id}
    assert _found(wb.store, "7") == {made[1].id}
    _check_all(wb.store, [*SHORT, "乱", "乱收", "b-", "77", *LONG])


def test_common_words_page_and_count_like_rare_ones(wb: Workbench,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A word in "many" cases is checked row by row: the same rows, in the same order."""
    _cases(wb)
    with wb.store.session() as session:
        before = {t: [r.id for r in q.window(session, parse_filter(t, TODAY),
                                             q.Scope(None, TODAY))] for t in SHORT}
    monkeypatch.setattr(search, "COMMON_GRAM", 1)
    with wb.store.session() as session:
        if wb.store.dialect == "sqlite":
            assert search.common_grams(session, ["张", "ts", "zz"]) == {"张", "ts"}
        for term, ids in before.items():
            flt = parse_filter(term, TODAY)
            assert [r.id for r in q.window(session, flt, q.Scope(None, TODAY))] == ids
            negated = parse_filter(f"-{term}", TODAY)
            assert q.count(session, negated, q.Scope(None, TODAY)) == 3 - len(ids)
            both = parse_filter(f"{term} 跳码投诉 -王 cat:费率", TODAY)
            expected = q.count(session, both, q.Scope(None, TODAY))
            assert q.count(session, both, q.Scope(None, TODAY), cap=10) == expected


def test_demo_bulk_load_and_rebuild_index_the_same(store: Store) -> None:
    generate_demo(store, cases=60, seed=3, actor="alice", clock=FrozenClock.on(TODAY))
    with store.session() as session:
        person = session.get(Complainant, 1)
        some = session.get(Provider, 1)
        assert person is not None and some is not None
    terms = [person.name[:1], person.name[:2], some.name[:2], "ts", "0", "王", "码"]
    heads = _heads(store)
    results = {t: _found(store, t) for t in terms}
    assert results == {t: _expected(heads, t) for t in terms}
    assert all(results[t] for t in ("ts", "0"))
    with store.write() as session:
        search.rebuild(session)
    assert {t: _found(store, t) for t in terms} == results


def test_migration_fills_grams_and_categories_of_an_existing_database(db_url: str) -> None:
    from alembic import command

    store = open_test_store(db_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    made = _cases(wb)
    cat_before = _categories(store)
    cfg = migrate.alembic_config(db_url)
    with store.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013_case_groups")
        conn.commit()
    migrate.upgrade(store.engine, db_url)
    _check_all(store, SHORT + LONG)
    assert _categories(store) == cat_before
    assert _found(store, "张") == {made[0].id}
    store.dispose()


def _categories(store: Store) -> dict[str, int]:
    with store.session() as session:
        scope = q.Scope(None, TODAY)
        return {f: q.count(session, parse_filter(f, TODAY), scope) for f in
                ("cat:费率", "cat:跳码", "-cat:费率", "cat:押金|跳码")}


def test_category_filter_follows_every_write(wb: Workbench) -> None:
    from workbench.services import corrections

    made = _cases(wb)
    assert _categories(wb.store) == {"cat:费率": 3, "cat:跳码": 0, "-cat:费率": 0,
                                     "cat:押金|跳码": 0}
    changed = cases.edit_case(wb, made[0].id, made[0].version,
                              {"categories": ["code_jumping", "deposit_fees"]})
    assert _categories(wb.store)["cat:跳码"] == 1
    corrections.correct(wb, made[1].id, made[1].version, "categories", ["code_jumping"])
    assert _categories(wb.store) == {"cat:费率": 1, "cat:跳码": 2, "-cat:费率": 2,
                                     "cat:押金|跳码": 2}
    assert changed.categories == ["code_jumping", "deposit_fees"]


PLAN_FILTERS = ["stage:mediation", "cat:跳码", "overdue", "assignee:me", "provider:示例",
                "王", "跳码", "ts", "押金未退", "status:open", "priority:high",
                "decision:pending", "due:<3d", "opened:<30d", "closed:>=month",
                "estimated", "ref:TS-2026-0001", "stage:provider cat:跳码 -押金"]


def _statements(store: Store, run: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_a: Any) -> None:
        if "complaint_case" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)
    return seen


@pytest.mark.parametrize("query", PLAN_FILTERS)
def test_common_filters_never_scan_the_case_table(wb: Workbench, query: str) -> None:
    _cases(wb)
    cases.ensure_caseworker(wb, "alice")
    with wb.store.session() as session:
        me = session.execute(text("SELECT id FROM caseworker WHERE login='alice'")).scalar()
    scope = q.Scope(me_id=me, today=date(2026, 6, 1))
    flt = parse_filter(query, TODAY)

    def run() -> None:
        with wb.store.session() as session:
            q.count(session, flt, scope, cap=q.COUNT_CAP)
            q.window(session, flt, scope)

    statements = _statements(wb.store, run)
    assert statements
    with wb.store.engine.connect() as conn:
        for statement, parameters in statements:
            if wb.store.dialect == "sqlite":
                plan = [row[3] for row in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters)]
                scans = [p for p in plan if re.fullmatch(r"SCAN complaint_case( AS \w+)?", p)]
            else:
                conn.exec_driver_sql("SET enable_seqscan = off")
                plan = [row[0] for row in conn.exec_driver_sql(
                    "EXPLAIN " + statement, parameters)]
                scans = [p for p in plan if "Seq Scan on complaint_case" in p]
            assert not scans, (query, statement, plan)
