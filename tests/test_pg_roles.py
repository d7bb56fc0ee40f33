"""PostgreSQL itself enforces the trust rules (migration 0009_pg_roles), on a real server
with three real login roles: a caseworker, a supervisor and an admin.

Each role connects on its own, with raw SQL (psycopg) and through the app's own paths
(`open_store` with that role's URL and the services)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import make_conninfo

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from tests.pgserver import PostgresServer
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.errors import RuleViolation
from workbench.services import cases, escalation
from workbench.services.contacts import ContactDraft, log_contact
from workbench.services.context import Workbench
from workbench.store import audit, pg_guard
from workbench.store.engine import Store
from workbench.store.models import Caseworker

pytestmark = pytest.mark.postgres
_runs = itertools.count()
PEOPLE = {"alice": ("caseworker", "workbench_caseworker"),
          "boss": ("supervisor", "workbench_supervisor"),
          "root": ("admin", "workbench_admin")}


@dataclass
class Team:
    server: PostgresServer
    dbname: str
    roles: dict[str, str]  # login -> its PostgreSQL login role (unique to this run)
    stores: dict[str, Store]

    def raw(self, login: str) -> psycopg.Connection[tuple[object, ...]]:
        """A plain psycopg connection as `login`'s role, autocommit."""
        info = make_conninfo(self.server.conninfo(self.dbname), user=self.roles[login])
        return psycopg.connect(info, autocommit=True)

    def wb(self, login: str) -> Workbench:
        return Workbench(store=self.stores[login], actor=login, clock=FrozenClock.on(TODAY))


@pytest.fixture(scope="module")
def team(pg_server: PostgresServer) -> Iterator[Team]:
    """A database migrated by its owner, people registered, three LOGIN roles. Roles are
    cluster-wide: their names are unique to this run and they are dropped afterwards."""
    run = f"{os.getpid()}_{next(_runs)}"
    dbname = f"roles_{run}"
    owner_url = pg_server.create_database(dbname)
    owner = open_test_store(owner_url)  # runs the migrations and creates the data key
    roles = {login: f"wb_{login}_{run}" for login in PEOPLE}
    with owner.write() as session:
        for login, (role, _group) in PEOPLE.items():
            session.add(Caseworker(login=login, display_name=login, role=role,
                                   db_role=roles[login]))
    with psycopg.connect(pg_server.conninfo(dbname), autocommit=True) as conn:
        for login, (_role, group) in PEOPLE.items():
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(roles[login])))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group),
                                                         sql.Identifier(roles[login])))
    stores = {login: open_test_store(
        f"postgresql+psycopg://{role}@{pg_server.host}:{pg_server.port}/{dbname}")
        for login, role in roles.items()}
    try:
        yield Team(pg_server, dbname, roles, stores)
    finally:
        for store in (*stores.values(), owner):
            store.dispose()
        pg_server.drop_database(dbname)
        with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
            for role in roles.values():
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def _refused(conn: psycopg.Connection[tuple[object, ...]], statement: str,
             *params: object) -> str:
    """The server's error message for `statement` (it must fail with a refusal)."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
        conn.execute(statement, params or None)
    return str(caught.value)


def _contact(wb: Workbench, case_id: int) -> None:
    log_contact(wb, case_id, cases.get_case(wb, case_id).version, ContactDraft(
        channel="phone", counterpart="服务商客服", summary="客服称三日内回复"))


def _move(wb: Workbench, case_id: int, to: Stage, **kw: object) -> cases.Case:
    version = cases.get_case(wb, case_id).version
    return escalation.escalate(wb, case_id, version, to, **kw)  # type: ignore[arg-type]


def _closed_case(team: Team) -> int:
    alice = team.wb("alice")
    case = new_case(alice)
    _move(alice, case.id, Stage.CLOSED, outcome=Outcome.WITHDRAWN)
    return case.id


def test_the_app_paths_work_for_every_role(team: Team) -> None:
    for login in PEOPLE:
        wb = team.wb(login)
        case = new_case(wb, title=f"{login} 登记的案件")
        _move(wb, case.id, Stage.PROVIDER)
        _contact(wb, case.id)
        _move(wb, case.id, Stage.SUPERIOR)
        request = escalation.request_approval(wb, case.id, Stage.LEGAL, "拟起诉")
        assert request.id is not None
    with team.stores["alice"].session() as session:
        assert list(audit.verify(session)) == []  # the chain head moved under each role


def test_the_history_is_insert_only_for_every_role_and_the_owner(team: Team) -> None:
    new_case(team.wb("alice"))
    for login in PEOPLE:
        with team.raw(login) as conn:
            for statement in ("UPDATE case_event SET actor = 'mallory' WHERE seq = 1",
                              "DELETE FROM case_event WHERE seq = 1", "TRUNCATE case_event"):
                assert "permission denied for table case_event" in _refused(conn, statement)
    # the owner has every privilege, and the trigger still refuses
    with psycopg.connect(team.server.conninfo(team.dbname), autocommit=True) as owner:
        for statement, op in (("UPDATE case_event SET actor = 'mallory'", "UPDATE"),
                              ("DELETE FROM case_event", "DELETE"),
                              ("TRUNCATE case_event", "TRUNCATE")):
            message = _refused(owner, statement)
            assert f"case_event is append-only: {op} refused" in message
            assert "案件历史只能追加" in message


def test_a_caseworker_cannot_approve_even_with_raw_sql(team: Team) -> None:
    alice = team.wb("alice")
    case = new_case(alice)
    request = escalation.request_approval(alice, case.id, Stage.LEGAL, "拟起诉")
    with team.raw("alice") as conn:
        assert "approval decisions go through workbench_decide_approval" in _refused(
            conn, "UPDATE approval_request SET status = 'approved' WHERE id = %s", request.id)
        assert "permission denied" in _refused(
            conn, "UPDATE approval_request SET decided_by = 'boss' WHERE id = %s", request.id)
        assert "not in workbench_supervisor" in _refused(
            conn, "SELECT workbench_decide_approval(%s, true, '', 'boss', now())", request.id)
        assert "must be pending" in _refused(
            conn, "INSERT INTO approval_request (case_id, to_stage, reason, requested_by,"
            " requested_at, status, decided_by, note) VALUES (%s, 'legal', '', 'alice', now(),"
            " 'approved', '', '')", case.id)
        assert "no approval for this step" in _refused(
            conn, "UPDATE complaint_case SET stage = 'legal' WHERE id = %s", case.id)
    with team.stores["alice"].write() as session, \
            pytest.raises(RuleViolation, match="不是负责人"):  # past the app's own role check
        pg_guard.decide_approval(session, request.id or 0, True, "", "boss", alice.now())


def test_a_caseworker_cannot_reopen_even_with_raw_sql(team: Team) -> None:
    case_id = _closed_case(team)
    with team.raw("alice") as conn:
        for statement in (
                "UPDATE complaint_case SET stage = 'provider', status = 'open' WHERE id = %s",
                "UPDATE complaint_case SET status = 'open' WHERE id = %s",
                "UPDATE complaint_case SET stage = 'intake' WHERE id = %s"):
            assert "reopening goes through workbench_reopen_case" in _refused(
                conn, statement, case_id)
        assert "not in workbench_supervisor" in _refused(
            conn, "SELECT workbench_reopen_case(%s, 'provider', 'alice')", case_id)
    with pytest.raises(RuleViolation, match="负责人"):
        _move(team.wb("alice"), case_id, Stage.PROVIDER, reason="新证据")
    # a supervisor reopens through the app (which calls the function)
    reopened = _move(team.wb("boss"), case_id, Stage.PROVIDER, reason="新证据")
    assert (reopened.stage, reopened.status, reopened.outcome) == ("provider", "open", None)


def test_a_supervisor_approves_others_requests_but_not_their_own(team: Team) -> None:
    alice, boss = team.wb("alice"), team.wb("boss")
    case = new_case(alice)
    escalation.record_bodies(alice, case.id, cases.get_case(alice, case.id).version,
                             [Body.NONE])
    theirs = escalation.request_approval(alice, case.id, Stage.LEGAL, "拟起诉")
    own = escalation.request_approval(boss, case.id, Stage.MEDIA, "拟曝光")
    with pytest.raises(RuleViolation, match="不能审批自己"):  # Python says it first; the server too
        escalation.decide(boss, own.id or 0, True)
    with team.raw("boss") as conn:
        # naming someone else as the decider does not help: the session role asked
        assert "the requester cannot decide it" in _refused(
            conn, "SELECT workbench_decide_approval(%s, true, '', 'root', now())", own.id)
        assert "approval decisions go through" in _refused(
            conn, "UPDATE approval_request SET status = 'approved' WHERE id = %s", own.id)
        # nor does filing a request in alice's name: the server records who filed it
        forged = conn.execute(
            "INSERT INTO approval_request (case_id, to_stage, reason, requested_by,"
            " requested_at, status, decided_by, note) VALUES (%s, 'media', '', 'alice', now(),"
            " 'pending', '', '') RETURNING id, requested_db_role", (case.id,)).fetchone()
        assert forged is not None and forged[1] == team.roles["boss"]
        assert "the requester cannot decide it" in _refused(
            conn, "SELECT workbench_decide_approval(%s, true, '', 'boss', now())", forged[0])
    decided = escalation.decide(boss, theirs.id or 0, True, "同意")
    assert (decided.status, decided.decided_by, decided.note) == ("approved", "boss", "同意")
    assert _move(alice, case.id, Stage.LEGAL, reason="起诉").stage == "legal"
    with team.stores["boss"].session() as session:
        assert list(audit.verify(session)) == []


def test_only_an_admin_changes_a_role(team: Team) -> None:
    with team.raw("boss") as conn:
        assert "permission denied" in _refused(
            conn, "UPDATE caseworker SET role = 'admin' WHERE login = 'boss'")
    for login in ("alice", "boss"):
        with team.stores[login].write() as session, \
                pytest.raises(RuleViolation, match="不是管理员"):
            pg_guard.set_role(session, "alice", "supervisor", login)
    with team.stores["root"].write() as session:
        assert pg_guard.set_role(session, "alice", "supervisor", "root")
    with team.stores["root"].write() as session:  # back, for the other tests
        assert pg_guard.set_role(session, "alice", "caseworker", "root")
        with pytest.raises(RuleViolation, match="未知角色"):
            pg_guard.set_role(session, "alice", "boss", "root")
