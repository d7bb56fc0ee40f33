"""Storage on SQLite and PostgreSQL: migrations, locking, encryption, search, audit chain."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, select, text
from sqlmodel import SQLModel

from tests.conftest import PASSPHRASE, TODAY, open_test_store
from tests.factories import new_case, provider
from workbench.domain import events
from workbench.domain.clock import FrozenClock
from workbench.errors import ConflictError, SchemaError, SecretError
from workbench.services import cases
from workbench.services.context import Workbench
from workbench.store import audit, migrate, search
from workbench.store.engine import Store, create_db_engine, open_store
from workbench.store.models import Case, CaseEvent, Complainant


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection")
def test_schema_at_head_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={
            "include_object": migrate.include_object,
            "compare_type": False,
        })
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == []


def test_upgrade_twice_changes_nothing(store: Store) -> None:
    assert migrate.current_revision(store.engine) == migrate.head_revision()
    assert migrate.upgrade(store.engine, store.url) == []
    assert migrate.current_revision(store.engine) == migrate.head_revision()


def test_database_at_first_migration_upgrades_to_head_keeping_rows(db_url: str) -> None:
    engine = create_db_engine(db_url)
    migrate.upgrade(engine, db_url, target="0001")
    assert migrate.current_revision(engine) == "0001"
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO caseworker (login, display_name, role, active) "
                          "VALUES ('old', '老用户', 'caseworker', true)"))
    applied = migrate.upgrade(engine, db_url)
    assert applied[-1] == migrate.head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT display_name FROM caseworker")).scalar_one() == "老用户"
    engine.dispose()


def test_an_upgrade_holds_its_lock_until_the_last_migration(db_url: str) -> None:
    """No commit between migrations: a commit released SQLite's write lock, and a second
    process starting at the same time applied the next migration twice."""
    from sqlalchemy import event

    engine = create_db_engine(db_url)
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _stamp(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().startswith(("INSERT INTO alembic_version",
                                          "UPDATE alembic_version")):
            seen.append("stamp")

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        seen.append("commit")

    applied = migrate.upgrade(engine, db_url)
    engine.dispose()
    assert len(applied) > 3
    last_stamp = max(i for i, step in enumerate(seen) if step == "stamp")
    assert "commit" not in seen[:last_stamp], " ".join(seen)


def test_database_from_a_newer_schema_is_refused_and_untouched(db_url: str) -> None:
    open_test_store(db_url).dispose()
    engine = create_db_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaError, match="比本程序新"):
        open_test_store(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() \
            == "9999_future"
    engine.dispose()


def test_stale_edit_is_refused_naming_who_changed_the_case(wb: Workbench) -> None:
    case = new_case(wb)
    bob = Workbench(store=wb.store, actor="bob", rules=wb.rules, clock=wb.clock)
    cases.edit_case(bob, case.id, case.version, {"title": "bob 的新标题"})
    with pytest.raises(ConflictError) as info:
        cases.edit_case(wb, case.id, case.version, {"title": "alice 的标题"})
    assert "bob" in info.value.message
    assert cases.get_case(wb, case.id).title == "bob 的新标题"


def test_version_column_guards_concurrent_sessions(store: Store, wb: Workbench) -> None:
    """Two sessions that loaded the same version: the second flush fails (version_id_col)."""
    from sqlalchemy.orm.exc import StaleDataError

    case = new_case(wb)
    with store.session() as first, store.session() as second:
        b = second.get(Case, case.id)
        second.commit()  # end the read transaction; b keeps version 1 (no expire on commit)
        a = first.get(Case, case.id)
        a.title = "first"
        first.commit()
        b.title = "second"
        with pytest.raises(StaleDataError):
            second.commit()


def test_edit_writes_one_event_per_changed_field(wb: Workbench) -> None:
    case = new_case(wb)
    cases.edit_case(wb, case.id, case.version, {"title": "新标题", "narrative": case.narrative,
                                                 "priority": "high"})
    with wb.store.session() as session:
        kinds = session.execute(select(CaseEvent.kind, CaseEvent.payload)
                                .where(CaseEvent.case_id == case.id)
                                .order_by(CaseEvent.seq)).all()
    fields = [p["field"] for k, p in kinds if k == "field_changed"]
    assert sorted(fields) == ["priority", "title"]


def test_assign_and_unknown_assignee(wb: Workbench) -> None:
    case = new_case(wb)
    cases.ensure_caseworker(wb, "chen")
    assigned = cases.assign_case(wb, case.id, case.version, "chen")
    assert assigned.assignee_id is not None
    with pytest.raises(Exception, match="nobody"):
        cases.assign_case(wb, case.id, assigned.version, "nobody")


def test_refs_are_sequential_per_year(wb: Workbench) -> None:
    pid = provider(wb)
    refs = [new_case(wb, provider_id=pid).ref for _ in range(3)]
    assert refs == ["TS-2026-000001", "TS-2026-000002", "TS-2026-000003"]


def test_intake_opened_before_new_year_is_due_in_january_and_estimated(store: Store) -> None:
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(date(2026, 12, 28)))
    case = new_case(wb)
    assert case.due_on is not None and case.due_on.year == 2027 and case.due_on.month == 1
    assert case.due_estimated is True


def test_holiday_table_makes_2027_deadlines_exact(store: Store, tmp_path) -> None:
    from workbench.services.holidays import import_holidays

    wb = Workbench(store=store, actor="admin", clock=FrozenClock.on(date(2026, 12, 28)))
    table = tmp_path / "2027.csv"
    table.write_text("date,kind,name\n2027-01-01,rest,元旦\n", encoding="utf-8")
    assert import_holidays(wb, table) == 1
    case = new_case(wb)
    assert case.due_on == date(2027, 1, 7)
    assert case.due_estimated is False


def test_personal_data_is_encrypted_at_rest(wb: Workbench) -> None:
    case = new_case(wb, phone="13812345678", id_number="11010519491231002X")
    with wb.store.engine.connect() as conn:
        raw = conn.execute(text("SELECT phone, id_number FROM complainant")).one()
    assert "13812345678" not in raw[0] and raw[0].startswith("v1:")
    assert "1949" not in raw[1]
    with wb.store.session() as session:
        person = session.get(Complainant, case.complainant_id)
        assert person.phone == "13812345678"


def test_wrong_passphrase_is_refused(db_url: str) -> None:
    open_test_store(db_url).dispose()
    with pytest.raises(SecretError, match="数据口令打不开"):
        open_store(db_url, lambda *_: PASSPHRASE + "-wrong")


@pytest.mark.parametrize("query", ["跳码", "码", "商户被跳码", "外地商户名称", "TS-2026-000001",
                                   "张三", "张", "ts-2026-000001"])
def test_search_finds_chinese_text_of_any_length(wb: Workbench, query: str) -> None:
    """3+ characters search everything; 1–2 characters search refs, titles and names."""
    hit = new_case(wb, title="跳码投诉", narrative="商户被跳码,交易显示为外地商户名称。",
                   name="张三")
    new_case(wb, narrative="押金未退还。", name="李四")
    clause = search.text_filter(wb.store.dialect, query)
    with wb.store.session() as session:
        ids = session.execute(select(Case.id).where(clause)).scalars().all()
    assert ids == [hit.id]


def test_search_with_hostile_query_never_raises(wb: Workbench) -> None:
    new_case(wb)
    with wb.store.session() as session:
        for query in ['"', "'", 'a"b', "NEAR(", "%_%", "\\", "*", "OR AND", "^", "x" * 500]:
            clause = search.text_filter(wb.store.dialect, query)
            if clause is not None:
                session.execute(select(Case.id).where(clause)).all()


def bypass_history_guard(conn: Connection) -> None:
    """Tamper as a superuser would: PostgreSQL's insert-only trigger (migration 0009)
    refuses these edits, so switch triggers off for this transaction."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL session_replication_role = replica"))


def _chain_ok(store: Store) -> list[audit.ChainProblem]:
    with store.session() as session:
        return list(audit.verify(session))


def test_audit_chain_detects_alteration_and_deletion(wb: Workbench) -> None:
    for i in range(3):
        new_case(wb, title=f"案件 {i}")
    assert _chain_ok(wb.store) == []
    with wb.store.engine.begin() as conn:
        bypass_history_guard(conn)
        conn.execute(text("UPDATE case_event SET actor = 'mallory' WHERE seq = 2"))
    problems = _chain_ok(wb.store)
    assert problems and problems[0].seq == 2


def test_audit_chain_detects_deleting_the_newest_event(wb: Workbench) -> None:
    new_case(wb)
    new_case(wb)
    with wb.store.engine.begin() as conn:
        bypass_history_guard(conn)
        last = conn.execute(text("SELECT max(seq) FROM case_event")).scalar_one()
        conn.execute(text("DELETE FROM case_event WHERE seq = :s"), {"s": last})
    problems = _chain_ok(wb.store)
    assert problems and "不见了" in problems[0].message


def test_audit_chain_detects_deleting_a_middle_event(wb: Workbench) -> None:
    for _ in range(3):
        new_case(wb)
    with wb.store.engine.begin() as conn:
        bypass_history_guard(conn)
        conn.execute(text("DELETE FROM case_event WHERE seq = 2"))
    assert any(p.seq == 2 for p in _chain_ok(wb.store))


def test_sqlite_pragmas(sqlite_url: str) -> None:
    store = open_test_store(sqlite_url)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.dispose()


def test_downgrade_then_upgrade_keeps_rows(sqlite_url: str) -> None:
    """A round trip through the migrations keeps every case and event."""
    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    new_case(wb)
    engine = store.engine
    from alembic import command

    cfg = migrate.alembic_config(sqlite_url)
    with engine.connect() as conn:
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        conn.commit()
        conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")
    migrate.upgrade(engine, sqlite_url)
    with engine.connect() as conn:
        # created and scope_set
        assert conn.execute(text("SELECT count(*) FROM case_event")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM complaint_case")).scalar_one() == 1
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()


def test_queue_filters_on_both_backends(wb: Workbench) -> None:
    """Every filter key runs as SQL on this backend and narrows correctly."""
    from workbench.domain.query import parse_filter
    from workbench.store import queue as q

    pid = provider(wb, "示例跳码支付有限公司")
    first = new_case(wb, provider_id=pid, title="跳码案件")
    new_case(wb, title="押金案件", narrative="押金未退")
    cases.ensure_caseworker(wb, "alice")
    assigned = cases.assign_case(wb, first.id, first.version, "alice")
    with wb.store.session() as session:
        me = session.execute(text("SELECT id FROM caseworker WHERE login='alice'")).scalar()
        scope = q.Scope(me_id=me, today=TODAY)
        expectations = {
            "": 2, "provider:跳码": 1, "assignee:me": 1, "assignee:none": 1,
            "-assignee:alice": 1, "stage:intake": 2, "-stage:intake": 0,
            "status:open": 2, "status:closed": 0, "closed:>=month": 0,
            "opened:today": 2, "opened:<30d": 2, "due:<3d": 0, "due:<30d": 2, "overdue": 0,
            "cat:费率": 2, "priority:normal": 2, "ref:" + assigned.ref: 1, "押金": 1,
            "-押金": 1, "estimated": 0,
        }
        for text_filter, expected in expectations.items():
            flt = parse_filter(text_filter, TODAY)
            assert q.count(session, flt, scope) == expected, text_filter
            rows = q.window(session, flt, scope, sort="provider", descending=True, limit=10)
            assert len(rows) == expected, text_filter
        for sort in q.SORTS:
            rows = q.window(session, parse_filter("", TODAY), scope, sort=sort, limit=10,
                            offset=1, total=2)
            assert len(rows) == 1, sort


def test_two_databases_with_different_keys_open_at_once(tmp_path) -> None:
    first = open_store(f"sqlite:///{tmp_path / 'a.db'}", lambda *_: "first-passphrase")
    second = open_store(f"sqlite:///{tmp_path / 'b.db'}", lambda *_: "second-passphrase")
    for store, phone in ((first, "13800000001"), (second, "13900000002")):
        wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
        new_case(wb, phone=phone)
    for store, phone in ((first, "13800000001"), (second, "13900000002")):
        with store.session() as session:
            assert session.execute(select(Complainant)).scalar_one().phone == phone
    first.dispose()
    second.dispose()


def test_event_times_hash_the_same_in_any_timezone(wb: Workbench) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    with wb.store.write() as session:
        chain = wb.chain(session)
        chain.append(events.clock_paused("送检", date(2026, 11, 26)), "alice",
                     at=datetime(2026, 11, 26, 18, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
        chain.close()
    assert _chain_ok(wb.store) == []


def test_refs_keep_counting_past_a_million(wb: Workbench) -> None:
    case = new_case(wb)
    with wb.store.engine.begin() as conn:
        conn.execute(text("UPDATE complaint_case SET ref = 'TS-2026-999999' WHERE id = :i"),
                     {"i": case.id})
    assert new_case(wb).ref == "TS-2026-1000000"
    assert new_case(wb).ref == "TS-2026-1000001"


def test_head_revision_constant_matches_the_scripts() -> None:
    from workbench.store.revisions import head_revision

    assert migrate.head_revision() == head_revision()


def test_upgrades_keep_the_queue_sort_indexes(db_url: str) -> None:
    """Batch rebuilds on SQLite drop expression indexes; no migration may do that."""
    store = open_test_store(db_url)
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            names = {r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'")}
        else:
            names = {r[0] for r in conn.exec_driver_sql("SELECT indexname FROM pg_indexes")}
    store.dispose()
    assert {"ix_case_due_sort", "ix_case_assignee_due_sort"} <= names


@pytest.mark.parametrize("query, titles", [
    ("押金 -跳码", {"押金案件"}),
    ("押金 跳码", set()),
    ("跳码 案件", {"跳码案件"}),
    ("-押金 -跳码", {"其他案件"}),
    ('"跳码案件" 跳码', {"跳码案件"}),
    ("码 -跳码案件", set()),
])
def test_several_text_terms_each_count(wb: Workbench, query: str, titles: set[str]) -> None:
    from workbench.domain.query import parse_filter
    from workbench.store import queue as q

    for title in ("跳码案件", "押金案件", "其他案件"):
        new_case(wb, title=title, narrative="")
    with wb.store.session() as session:
        rows = q.window(session, parse_filter(query, TODAY), q.Scope(None, TODAY), limit=10)
    assert {r.title for r in rows} == titles


def test_two_processes_creating_a_database_agree_on_one_key(db_url: str) -> None:
    """Both open an empty database at once: one migrates and creates the key, the other
    waits, then uses the same salt."""
    import subprocess
    import sys
    from pathlib import Path

    script = ("import sys; sys.path.insert(0, '.');"
              "from tests.conftest import open_test_store;"
              f"open_test_store({db_url!r}).dispose(); print('opened')")
    root = Path(__file__).resolve().parent.parent
    procs = [subprocess.Popen([sys.executable, "-c", script], cwd=root, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    first = open_test_store(db_url)
    wb = Workbench(store=first, actor="alice", clock=FrozenClock.on(TODAY))
    new_case(wb, phone="13811112222")
    with first.session() as session:
        assert session.execute(select(Complainant)).scalar_one().phone == "13811112222"
    first.dispose()


def test_scope_migration_marks_merchant_cases_business(sqlite_url: str) -> None:
    """0007_scope: existing cases of merchants become business, the others consumer."""
    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    consumer = new_case(wb, title="消费者")
    from workbench.services import cases as case_service

    pid = consumer.provider_id
    merchant = case_service.create_case(wb, case_service.CaseDraft(
        title="商户", provider_id=pid,
        complainant=case_service.ComplainantDraft(name="王五", kind="merchant",
                                                  merchant_name="王记")))
    engine = store.engine
    from alembic import command

    cfg = migrate.alembic_config(sqlite_url)
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")
        conn.commit()
    migrate.upgrade(engine, sqlite_url)
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT id, scope FROM complaint_case")).all())
    assert rows == {consumer.id: "consumer", merchant.id: "business"}
    store.dispose()
