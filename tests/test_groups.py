"""Joint complaints (issue 14 item 3): groups, members, representatives, leaving, group
escalation with per-member results; on SQLite and PostgreSQL; the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case, provider
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Outcome, Stage
from workbench.domain.vocabulary import EventKind
from workbench.errors import NotFound, RuleViolation
from workbench.services import escalation, groups
from workbench.services.context import Workbench
from workbench.store.models import CaseEvent, CaseGroupMember

NAMES = ("陈小明", "王芳", "李四", "赵六")


def wave(wb: Workbench, n: int = 4) -> tuple[int, list[str]]:
    pid = provider(wb, "杭州示例汇通信息技术有限公司")
    refs = [new_case(wb, provider_id=pid, name=NAMES[i % len(NAMES)],
                     phone=f"1381234{i:04d}").ref for i in range(n)]
    return pid, refs


def test_a_group_is_formed_joined_and_left_keeping_its_history(wb: Workbench) -> None:
    _pid, refs = wave(wb)
    detail = groups.create_group(wb, " 汇通  费率 ", refs[:3], representatives=[refs[0]])
    assert detail.row.name == "汇通 费率" and detail.row.members == 3
    assert detail.row.representatives == (refs[0],)
    groups.add_member(wb, "汇通 费率", refs[3].lower(), representative=True)
    with pytest.raises(RuleViolation, match="已在共同投诉「汇通 费率」中"):
        groups.add_member(wb, "汇通 费率", refs[3])
    third = new_case(wb, provider_id=_pid, name="孙八", phone="13900002222").ref
    with pytest.raises(RuleViolation, match="代表人最多 2 名"):
        groups.add_member(wb, "汇通 费率", third, representative=True)
    left = groups.leave(wb, "汇通 费率", refs[1], "已自行和解")
    assert [m.ref for m in left.current] == [refs[0], refs[2], refs[3]]
    gone = [m for m in left.members if m.left_at is not None]
    assert [(m.ref, m.left_reason) for m in gone] == [(refs[1], "已自行和解")]
    texts = [line.text for line in left.history]
    assert texts[0].startswith("成立共同投诉「汇通 费率」") and len(texts) == 1 + 4 + 1
    assert f"{refs[1]} 退出共同投诉「汇通 费率」，理由：已自行和解" in texts
    # each case's own timeline has its joining (and leaving)
    with wb.store.session() as session:
        kinds = [e.kind for e in session.execute(select(CaseEvent).where(
            CaseEvent.case_id == cases_id(wb, refs[1]))).scalars()]
        assert kinds[-2:] == [EventKind.GROUP_JOINED, EventKind.GROUP_LEFT]
        assert len(session.execute(select(CaseGroupMember)).scalars().all()) == 4
    # having left, it may join another open group; one still in cannot
    groups.create_group(wb, "另一组", [refs[1], new_case(
        wb, provider_id=_pid, name="钱七", phone="13900001111").ref])
    with pytest.raises(RuleViolation, match="已在共同投诉「汇通 费率」中"):
        groups.add_member(wb, "另一组", refs[0])
    assert [r.name for r in groups.list_groups(wb)] == ["另一组", "汇通 费率"]


def cases_id(wb: Workbench, ref: str) -> int:
    from workbench.services.cases import find_case

    case_id = find_case(wb, ref).id
    assert case_id is not None
    return case_id


@pytest.mark.parametrize(("refs", "reps", "message"), [
    ("one", [], "至少需要两件案件"),
    ("other_provider", [], "不是本共同投诉的被投诉人"),
    ("all", ["TS-2099-000001"], "不在所列案件中"),
    ("all", "three", "代表人最多 2 名"),
])
def test_a_group_is_refused_when_art_11_does_not_allow_it(
        wb: Workbench, refs: str, reps: object, message: str) -> None:
    _pid, made = wave(wb, 3)
    other = new_case(wb, provider_id=provider(wb, "另一家支付有限公司")).ref
    members = {"one": made[:1], "other_provider": [*made[:2], other], "all": made}[refs]
    representatives = made if reps == "three" else reps
    with pytest.raises(RuleViolation, match=message):
        groups.create_group(wb, "费率", members, representatives=representatives)  # type: ignore[arg-type]
    assert groups.list_groups(wb) == []  # nothing half-done


def test_unknown_group_and_closed_case(wb: Workbench) -> None:
    _pid, refs = wave(wb, 2)
    with pytest.raises(NotFound, match="没有名为「无此组」"):
        groups.group_detail(wb, "无此组")
    case = escalation.escalate(wb, cases_id(wb, refs[0]), 1, Stage.CLOSED, reason="撤诉",
                               outcome=Outcome.WITHDRAWN)
    assert case.status == "closed"
    with pytest.raises(RuleViolation, match="已结案"):
        groups.create_group(wb, "费率", refs)


def test_group_escalation_reports_each_member(wb: Workbench) -> None:
    _pid, refs = wave(wb, 3)
    groups.create_group(wb, "费率", refs)
    # one member already moved on: provider → provider again is refused by the ladder
    first = cases_id(wb, refs[0])
    escalation.escalate(wb, first, 1, Stage.PROVIDER, reason="")
    done = groups.escalate_group(wb, "费率", Stage.PROVIDER, reason="共同投诉转服务商")
    assert sorted(done.result.done) == sorted(refs[1:])
    assert [ref for ref, _why in done.result.refused] == [refs[0]]
    history = groups.group_detail(wb, "费率").history
    assert history[-1].text == "共同投诉「费率」转到服务商协商：转出 2 件，未转 1 件"


def test_the_group_commands(db_url: str) -> None:
    from workbench.cli import app

    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", db_url, *args])

    assert run("people", "list").exit_code == 0
    store = open_test_store(db_url)
    _pid, refs = wave(Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY)), 3)
    store.dispose()
    made = run("group", "new", "费率", *refs[:2], "--representative", refs[0])
    assert made.exit_code == 0 and "成员 2 件" in made.output, made.output
    assert run("group", "add", "费率", refs[2]).exit_code == 0
    left = run("group", "leave", "费率", refs[2], "--reason", "撤回")
    assert left.exit_code == 0 and "退出（撤回）" in left.output, left.output
    shown = run("group", "show", "费率")
    assert "记录：" in shown.output and "加入共同投诉" in shown.output, shown.output
    listed = run("group", "list")
    assert "费率" in listed.output and "共 1 个共同投诉" in listed.output
    moved = run("group", "escalate", "费率", "--to", "provider")
    assert moved.exit_code == 0 and "2 件成功" in moved.output, moved.output
    again = run("group", "escalate", "费率", "--to", "provider")
    assert again.exit_code == 1 and "未转" in again.output, again.output
