"""Supervisor approvals and the stage clock on the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.cases import ReasonOpt, case_workbench, echo_moved
from workbench.cli.choices import StageOption
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

approvals_app = typer.Typer(help=_("媒体曝光和法律途径的负责人审批。"),
                            no_args_is_help=True)
clock_app = typer.Typer(help=_("暂停、恢复或延长案件的阶段期限。"),
                        no_args_is_help=True)
app.add_typer(approvals_app, name="approvals")
app.add_typer(clock_app, name="clock")

NoteOpt = Annotated[str, typer.Option("--note", help=_("说明（记入事件）。"))]


@approvals_app.command("request", help=_("请负责人批准案件转入媒体曝光或法律途径。"))
def approvals_request(ctx: typer.Context, ref: str, to: StageOption,
                      reason: ReasonOpt = "") -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    request = escalation.request_approval(wb, case.id, to, reason)
    say(_("申请 #{id}（{ref} → {stage}）等待审批。").format(
        id=request.id, ref=case.ref, stage=request.to_stage))


@approvals_app.command("list", help=_("待审批的申请。"))
def approvals_list(ctx: typer.Context) -> None:

    from workbench.services import four_eyes

    rows = four_eyes.pending_approvals(open_workbench(ctx, existing=True))
    for row in rows:
        say(_("#{id}  {ref}  → {stage}  申请人 {login}：{reason}").format(
            id=row.id, ref=row.ref, stage=row.to_stage, login=row.requested_by,
            reason=row.reason))
    if not rows:
        say(_("没有待审批的申请。"))


def _decide(ctx: typer.Context, request_id: int, approve: bool, note: str) -> None:
    from workbench.services import escalation

    request = escalation.decide(open_workbench(ctx, existing=True), request_id, approve, note)
    say(_("申请 #{id}：{status}。").format(id=request.id, status=request.status))


@approvals_app.command("approve", help=_("批准一项待审批的申请（负责人）。"))
def approvals_approve(ctx: typer.Context, request_id: int, note: NoteOpt = "") -> None:
    _decide(ctx, request_id, True, note)


@approvals_app.command("deny", help=_("驳回一项待审批的申请（负责人）。"))
def approvals_deny(ctx: typer.Context, request_id: int, note: NoteOpt = "") -> None:
    _decide(ctx, request_id, False, note)


@clock_app.command("pause", help=_("暂停阶段计时（例如调解中检测、鉴定的时间不计入）。"))
def clock_pause(ctx: typer.Context, ref: str, reason: ReasonOpt = "") -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    moved = escalation.pause_clock(wb, case.id, case.version, reason)
    say(_("{ref}：自 {since} 起暂停计时。").format(ref=moved.ref, since=moved.paused_since))


@clock_app.command("resume", help=_("恢复计时；暂停的天数顺延期限。"))
def clock_resume(ctx: typer.Context, ref: str) -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.resume_clock(wb, case.id, case.version))


@clock_app.command("extend", help=_("在规则允许的范围内延长阶段期限（例如 15 → 60 天）。"))
def clock_extend(ctx: typer.Context, ref: str,
                 days: Annotated[int, typer.Option("--days", min=1, max=365,
                                                     help=_("延长的天数。"))],
                 reason: ReasonOpt = "") -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.extend(wb, case.id, case.version, days, reason))
