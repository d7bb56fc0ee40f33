"""Supervisor approvals and the stage clock on the command line."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.cases import ReasonOpt, case_workbench, echo_moved
from workbench.cli.choices import StageOption
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app

approvals_app = typer.Typer(help="Supervisor approval for media and legal.",
                            no_args_is_help=True)
clock_app = typer.Typer(help="Pause, resume or extend a case's stage deadline.",
                        no_args_is_help=True)
app.add_typer(approvals_app, name="approvals")
app.add_typer(clock_app, name="clock")

NoteOpt = Annotated[str, typer.Option("--note")]


@approvals_app.command("request")
def approvals_request(ctx: typer.Context, ref: str, to: StageOption,
                      reason: ReasonOpt = "") -> None:
    """Ask a supervisor to allow media or legal for a case."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    request = escalation.request_approval(wb, case.id, to, reason)
    say(f"Request #{request.id} for {case.ref} → {request.to_stage} is pending.")


@approvals_app.command("list")
def approvals_list(ctx: typer.Context) -> None:
    """Pending requests."""
    from workbench.services import escalation

    rows = escalation.pending_approvals(open_workbench(ctx, existing=True))
    for row in rows:
        say(f"#{row.id}  {row.ref}  → {row.to_stage}  by {row.requested_by}: "
             f"{row.reason}")
    if not rows:
        say("没有待审批的申请。")


def _decide(ctx: typer.Context, request_id: int, approve: bool, note: str) -> None:
    from workbench.services import escalation

    request = escalation.decide(open_workbench(ctx, existing=True), request_id, approve, note)
    say(f"Request #{request.id}: {request.status}.")


@approvals_app.command("approve")
def approvals_approve(ctx: typer.Context, request_id: int, note: NoteOpt = "") -> None:
    """Approve a pending request (supervisors)."""
    _decide(ctx, request_id, True, note)


@approvals_app.command("deny")
def approvals_deny(ctx: typer.Context, request_id: int, note: NoteOpt = "") -> None:
    """Deny a pending request (supervisors)."""
    _decide(ctx, request_id, False, note)


@clock_app.command("pause")
def clock_pause(ctx: typer.Context, ref: str, reason: ReasonOpt = "") -> None:
    """Stop the stage clock (e.g. 检测/鉴定 time does not count in mediation)."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    moved = escalation.pause_clock(wb, case.id, case.version, reason)
    say(f"{moved.ref}: clock paused since {moved.paused_since}.")


@clock_app.command("resume")
def clock_resume(ctx: typer.Context, ref: str) -> None:
    """Restart the clock; the paused days move the deadline."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.resume_clock(wb, case.id, case.version))


@clock_app.command("extend")
def clock_extend(ctx: typer.Context, ref: str,
                 days: Annotated[int, typer.Option("--days", min=1, max=365)],
                 reason: ReasonOpt = "") -> None:
    """Extend the stage deadline within the rule's limit (e.g. 15 → 60 days)."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.extend(wb, case.id, case.version, days, reason))
