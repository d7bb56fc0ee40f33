"""Identity from the system (issue 12): the OS user or the PostgreSQL session role is the
actor; --user / WORKBENCH_USER only for admins, recording both; unregistered and
deactivated identities refused; people commands admin-only and audited; four eyes."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Outcome, Role, Stage
from workbench.errors import RuleViolation
from workbench.services import cases, escalation, people
from workbench.services.context import Workbench
from workbench.services.identity import os_login
from workbench.store.audit import REAL_ACTOR
from workbench.store.models import CaseEvent

runner = CliRunner()
ME = os_login()
FORGED = {"USER": "mallory", "LOGNAME": "mallory", "WORKBENCH_USER": ""}
_roles = itertools.count()


def invoke(url: str, *args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", url, *args], env=env)


def _wb(url: str, actor: str) -> Workbench:
    return Workbench(store=open_test_store(url), actor=actor, clock=FrozenClock.on(TODAY))


def _office(url: str, *, me: str | None = Role.ADMIN.value, admin: str = "chief") -> str:
    """A database with a case, an admin `admin`, alice (caseworker) and, when `me` is
    given, the OS user running the tests with that role. Returns the case's ref."""
    wb = _wb(url, admin)
    cases.ensure_caseworker(wb, admin, role=Role.ADMIN.value)
    cases.ensure_caseworker(wb, "alice")
    if me is not None and me != admin:
        cases.ensure_caseworker(wb, ME, role=me)
    ref = new_case(wb).ref
    wb.store.dispose()
    return ref


def _events(url: str, kind: str | None = None) -> list[CaseEvent]:
    store = open_test_store(url)
    with store.session() as session:
        query = select(CaseEvent).order_by(CaseEvent.seq)  # type: ignore[arg-type]
        rows = [e for e in session.execute(query).scalars() if kind in (None, e.kind)]
    store.dispose()
    return rows


def test_the_os_user_is_the_actor_whatever_the_environment_says(sqlite_url: str) -> None:
    ref = _office(sqlite_url)
    logged = invoke(sqlite_url, "contact", ref, "--summary", "已联系", env=FORGED)
    assert logged.exit_code == 0, logged.output
    last = _events(sqlite_url)[-1]
    assert last.kind == "contact_logged" and last.actor == ME
    assert REAL_ACTOR not in last.payload


def test_a_new_database_registers_its_creator_as_admin(sqlite_url: str) -> None:
    listed = invoke(sqlite_url, "people", "list", env=FORGED)
    assert listed.exit_code == 0, listed.output
    assert ME in listed.output and "管理员" in listed.output and "mallory" not in listed.output
    added = _events(sqlite_url, "caseworker_added")
    assert [(e.actor, e.payload["login"], e.payload["role"]) for e in added] == [
        (ME, ME, "admin")]


def test_user_flag_and_env_are_refused_for_a_non_admin(sqlite_url: str) -> None:
    ref = _office(sqlite_url, me=Role.SUPERVISOR.value)
    for args, env in ((("--user=chief",), None), ((), {"WORKBENCH_USER": "chief"})):
        refused = runner.invoke(app, ["--db", sqlite_url, *args, "contact", ref,
                                      "--summary", "冒充"], env=env)
        assert refused.exit_code == 8, refused.output
        assert "只有管理员可以代他人操作" in refused.output
    assert not _events(sqlite_url, "contact_logged")


def test_an_admin_acting_as_another_records_both(sqlite_url: str) -> None:
    ref = _office(sqlite_url)
    done = invoke(sqlite_url, "--user", "alice", "contact", ref, "--summary", "代录")
    assert done.exit_code == 0, done.output
    last = _events(sqlite_url)[-1]
    assert (last.actor, last.payload[REAL_ACTOR]) == ("alice", ME)
    unknown = invoke(sqlite_url, "--user", "nobody", "remind")
    assert unknown.exit_code == 8 and "nobody 不是登记的经办人" in unknown.output


def test_an_unregistered_identity_is_refused_naming_the_admins(sqlite_url: str) -> None:
    _office(sqlite_url, me=None)
    for args in (("remind",), ("people", "list"), ("approvals", "list")):
        refused = invoke(sqlite_url, *args, env=FORGED)
        assert refused.exit_code == 8, refused.output
        assert f"{ME} 不是登记的经办人" in refused.output
        assert f"workbench people add {ME}" in refused.output and "管理员：chief" in refused.output
    assert ME not in {e.payload.get("login") for e in _events(sqlite_url, "caseworker_added")}
    # the read-only bootstrap paths still work
    assert invoke(sqlite_url, "doctor").exit_code in (0, 1)
    assert invoke(sqlite_url, "audit", "verify").exit_code == 0
    assert invoke(sqlite_url, "db", "current").exit_code == 0


def test_a_deactivated_identity_is_refused(sqlite_url: str) -> None:
    _office(sqlite_url, me=Role.CASEWORKER.value)
    wb = _wb(sqlite_url, "chief")
    people.deactivate(wb, ME)
    wb.store.dispose()
    refused = invoke(sqlite_url, "remind")
    assert refused.exit_code == 8 and f"经办人 {ME} 已停用" in refused.output
    assert "管理员：chief" in refused.output


def test_people_commands_are_for_admins_and_audited(sqlite_url: str) -> None:
    _office(sqlite_url, me=Role.SUPERVISOR.value)
    refused = invoke(sqlite_url, "people", "add", "li.na", "--name", "李娜", "--role",
                     "caseworker")
    assert refused.exit_code == 8 and "只有管理员可以管理经办人" in refused.output
    wb = _wb(sqlite_url, "chief")
    people.set_role(wb, ME, Role.ADMIN)
    wb.store.dispose()
    steps = (("people", "add", "li.na", "--name", "李娜", "--role", "caseworker"),
             ("people", "set-role", "li.na", "负责人"),
             ("people", "deactivate", "li.na"))
    for args in steps:
        done = invoke(sqlite_url, *args)
        assert done.exit_code == 0, done.output
    listed = invoke(sqlite_url, "people", "list").output
    assert "li.na" in listed and "李娜" in listed and "已停用" in listed
    trail = [(e.kind, e.actor, e.case_id) for e in _events(sqlite_url)
             if e.payload.get("login") == "li.na"]
    assert trail == [("caseworker_added", ME, None), ("role_changed", ME, None),
                     ("caseworker_deactivated", ME, None)]
    again = invoke(sqlite_url, "people", "set-role", ME, "caseworker")
    assert again.exit_code == 8 and "不能修改自己的角色" in again.output


def test_the_demo_registers_its_creator_as_admin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    made = invoke(url, "demo", "--cases", "5")
    assert made.exit_code == 0, made.output
    listed = invoke(url, "people", "list")
    assert listed.exit_code == 0, listed.output
    assert any(line.split()[:3] == [ME, ME, "管理员"] for line in listed.output.splitlines())
    acting = invoke(url, "--user", "wang.li", "remind")
    assert acting.exit_code == 0, acting.output


# --- four eyes (both backends) ---------------------------------------------------------

@pytest.fixture
def office(wb: Workbench) -> Workbench:
    for login, role in (("alice", Role.CASEWORKER), ("boss", Role.SUPERVISOR),
                        ("boss2", Role.SUPERVISOR), ("root.admin", Role.ADMIN)):
        cases.ensure_caseworker(wb, login, role=role.value)
    return wb


def _as(wb: Workbench, actor: str, real: str = "") -> Workbench:
    return Workbench(store=wb.store, actor=actor, real_actor=real, clock=wb.clock)


def test_a_supervisor_cannot_approve_their_own_request(office: Workbench) -> None:
    case = new_case(office)
    boss = _as(office, "boss")
    request = escalation.request_approval(boss, case.id, Stage.MEDIA, "拒不退费")
    with pytest.raises(RuleViolation, match="不能审批自己提出的申请"):
        escalation.decide(boss, request.id or 0, True)
    # nor through an admin acting as someone else
    with pytest.raises(RuleViolation, match=r"由boss提出.*实际操作的是 boss.*四眼原则"):
        escalation.decide(_as(office, "boss2", real="boss"), request.id or 0, True)
    decided = escalation.decide(_as(office, "boss2"), request.id or 0, True, "同意")
    assert (decided.status, decided.decided_by) == ("approved", "boss2")
    with office.store.session() as session:
        event = session.execute(select(CaseEvent).where(
            CaseEvent.kind == "approval_decided")).scalars().one()  # type: ignore[arg-type]
    assert event.actor == "boss2"


def test_a_deactivated_supervisor_cannot_approve(office: Workbench) -> None:
    case = new_case(office)
    request = escalation.request_approval(office, case.id, Stage.MEDIA, "拒不退费")
    people.deactivate(_as(office, "root.admin"), "boss")
    with pytest.raises(RuleViolation, match="只有负责人"):
        escalation.decide(_as(office, "boss"), request.id or 0, True)


def test_who_closed_a_case_cannot_reopen_it(office: Workbench) -> None:
    case = new_case(office)
    boss = _as(office, "boss")
    closed = escalation.escalate(boss, case.id, case.version, Stage.CLOSED, reason="撤诉",
                                 outcome=Outcome.WITHDRAWN, recovered_fen=0)
    with pytest.raises(RuleViolation, match="不能由你重新打开"):
        escalation.escalate(boss, case.id, closed.version, Stage.INTAKE, reason="补充材料")
    with pytest.raises(RuleViolation, match="不能由你重新打开"):
        escalation.undo(boss, case.id, closed.version)
    with pytest.raises(RuleViolation, match="负责人"):
        escalation.escalate(_as(office, "alice"), case.id, closed.version, Stage.INTAKE,
                            reason="补充材料")
    reopened = escalation.escalate(_as(office, "boss2"), case.id, closed.version,
                                   Stage.INTAKE, reason="补充材料")
    assert reopened.stage == Stage.INTAKE.value


def test_reopen_on_the_command_line_is_refused_to_a_caseworker(sqlite_url: str) -> None:
    ref = _office(sqlite_url)
    closed = invoke(sqlite_url, "close", ref, "--outcome", "withdrawn", "--reason", "撤诉")
    assert closed.exit_code == 0, closed.output
    for args, why in ((("--user", "alice"), "负责人"), ((), "是你结的案"),
                      (("--user", "chief"), "是你结的案")):  # acting as chief: still me
        refused = invoke(sqlite_url, *args, "escalate", ref, "--to", "intake", "--reason", "重开")
        assert refused.exit_code == 8 and why in refused.output, refused.output
    wb = _wb(sqlite_url, "chief")
    case = cases.find_case(wb, ref)
    assert escalation.escalate(wb, case.id, case.version, Stage.INTAKE, reason="重开").stage \
        == Stage.INTAKE.value
    wb.store.dispose()


# --- PostgreSQL: the session role is the identity -----------------------------------

@pytest.mark.postgres
def test_on_postgresql_the_session_role_is_the_actor(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = pg_server.create_database(f"ident{os.getpid()}_{next(_roles)}")
    role = f"bob_{os.getpid()}_{next(_roles)}"
    first = invoke(url, "people", "list")
    assert first.exit_code == 0, first.output
    assert "postgres" in first.output and "管理员" in first.output  # the creator, by its role
    wb = _wb(url, "postgres")
    ref = new_case(wb).ref
    wb.store.dispose()
    dbname = make_url(url).database
    with psycopg.connect(pg_server.conninfo(dbname), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'bob-secret'")
        # as the README's deployment does: a login role in a group (migration 0009_pg_roles)
        conn.execute(f"GRANT workbench_caseworker TO {role}")
    bob_url = make_url(url).set(username=role).render_as_string(hide_password=False)
    unmapped = invoke(bob_url, "remind", env=FORGED)
    assert unmapped.exit_code == 8 and f"数据库角色 {role} 没有对应的经办人" in unmapped.output, \
        unmapped.output
    assert f"--db-role {role}" in unmapped.output
    added = invoke(url, "people", "add", "bob.li", "--name", "鲍勃", "--role", "caseworker",
                   "--db-role", role)
    assert added.exit_code == 0, added.output
    logged = invoke(bob_url, "contact", ref, "--summary", "已联系", env=FORGED)
    assert logged.exit_code == 0, logged.output
    last = _events(url)[-1]
    assert (last.kind, last.actor) == ("contact_logged", "bob.li")
    refused = invoke(bob_url, "--user", "postgres", "contact", ref, "--summary", "冒充")
    assert refused.exit_code == 8 and "只有管理员可以代他人操作" in refused.output
