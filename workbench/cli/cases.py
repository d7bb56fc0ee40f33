"""Cases on the command line: register, move along the ladder, close, contacts, reminders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from workbench.cli.choices import (
    BodiesArgument,
    BodyOption,
    ChannelOption,
    CounterpartStageOption,
    OutcomeOption,
    ScopeArgument,
    StageOption,
)
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.domain.vocabulary import ContactChannel, DisputeScope

if TYPE_CHECKING:
    from workbench.services.context import Workbench

ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (needed to skip rungs, move "
                                        "down, reopen).")]


def case_workbench(ctx: typer.Context, ref: str) -> tuple[Workbench, Any]:
    """Open the database and find the case `ref` in it."""
    from workbench.services.cases import find_case

    wb = open_workbench(ctx, existing=True)
    return wb, find_case(wb, ref)


def parse_day(raw: str | None) -> Any:
    """A date the user typed (None stays None); a wrong one is a RuleViolation."""
    from workbench.domain.validators import ValidationError, parse_date
    from workbench.errors import RuleViolation

    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValidationError as exc:
        raise RuleViolation(exc.message, "Use YYYY-MM-DD.") from exc


def echo_moved(case: Any) -> None:
    from workbench.domain.ladder import stage_label

    due = f", due {case.stage_due_on}{' (estimated)' if case.due_estimated else ''}" \
        if case.stage_due_on else ""
    say(f"{case.ref}: {stage_label(case.stage)} ({case.stage}){due}")


def confirm_demo_intake() -> None:
    """Ask before a case goes into a demo database; without a terminal, refuse."""
    import sys

    from workbench.errors import RuleViolation
    from workbench.services.database import DEMO_INTAKE_QUESTION

    if sys.stdin.isatty() and typer.confirm(DEMO_INTAKE_QUESTION, default=False, err=True):
        return
    raise RuleViolation("未登记：这是演示数据库。",
                        "真实案件请用正式数据库（--db）；确要登记到演示库请加 --yes。")


@app.command()
def new(ctx: typer.Context, file: Path,
        allow_duplicate: Annotated[bool, typer.Option("--allow-duplicate", help="Register "
                                   "even if the complainant has an open case against the "
                                   "same provider.")] = False,
        yes: Annotated[bool, typer.Option("--yes", help="演示数据库中也登记，不再询问。")]
        = False) -> None:
    """Register a new case from a TOML file (every mistake is listed; nothing is saved)."""
    from workbench.services import intake

    form = intake.form_from_toml(file)
    wb = open_workbench(ctx)
    if wb.store.demo and not yes:
        confirm_demo_intake()
    case = intake.submit(wb, form, allow_duplicate=allow_duplicate)
    say(f"{case.ref}: registered, due {case.due_on}"
         f"{' (estimated)' if case.due_estimated else ''}.")


@app.command()
def escalate(ctx: typer.Context, ref: str, to: StageOption, reason: ReasonOpt = "",
             body: BodyOption = None) -> None:
    """Move a case along the ladder (refusals name every unmet requirement)."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.escalate(wb, case.id, case.version, to, reason=reason, body=body))


@app.command()
def undo(ctx: typer.Context, ref: str) -> None:
    """Undo the last stage transition of a case (written as a new event)."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.undo(wb, case.id, case.version))


@app.command()
def close(ctx: typer.Context, ref: str, outcome: OutcomeOption,
          recovered: Annotated[str | None, typer.Option("--recovered", help="Amount "
                               "recovered, in yuan (e.g. 1234.56).")] = None,
          reason: ReasonOpt = "") -> None:
    """Close a case with its outcome (and the amount recovered, where money came back)."""
    from workbench.domain.validators import ValidationError, yuan_to_fen
    from workbench.errors import RuleViolation
    from workbench.services import escalation

    try:
        fen = yuan_to_fen(recovered) if recovered is not None else None
    except ValidationError as exc:
        raise RuleViolation(exc.message, "Give yuan with at most two decimals.") from exc
    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.escalate(wb, case.id, case.version, Stage.CLOSED, reason=reason,
                                   outcome=Outcome(outcome), recovered_fen=fen))


@app.command()
def remind(ctx: typer.Context,
           days: Annotated[int, typer.Option("--days", min=0, max=365, help="Working days "
                                             "ahead.")] = 3,
           csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write CSV "
                                                         "here.")] = None) -> None:
    """Each caseworker's overdue cases and those due in the next N working days."""
    import csv

    from workbench.domain.ladder import stage_label
    from workbench.private_files import open_private_file
    from workbench.services import escalation
    from workbench.sheet_safe import csv_row

    rows = escalation.remind(open_workbench(ctx, existing=True), days)
    current = None
    for row in rows:
        if row.assignee != current:
            current = row.assignee
            say(f"\n{current}")
        flag = "OVERDUE" if row.overdue else "due    "
        est = "~" if row.estimated else " "
        say(f"  {flag} {row.due_on}{est} {row.ref}  {stage_label(row.stage)}  "
             f"{row.title[:40]}")
    if not rows:
        say(f"没有逾期或在 {days} 个工作日内到期的案件。")
    if csv_file is None:
        return
    tmp = csv_file.with_suffix(csv_file.suffix + ".tmp")
    try:
        # BOM: for Excel; 0600 (0660 for the team): names of complainants' cases
        with open_private_file(tmp, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["assignee", "ref", "title", "stage", "due_on", "estimated",
                             "overdue"])
            for row in rows:
                writer.writerow(csv_row([row.assignee, row.ref, row.title, row.stage,
                                         row.due_on.isoformat(), int(row.estimated),
                                         int(row.overdue)]))
        tmp.replace(csv_file)
    except OSError as exc:
        from workbench.errors import StorageError

        raise StorageError(f"无法写入 {csv_file}: {exc.strerror or exc}",
                           "Check that the folder exists and is writable.") from exc


@app.command()
def contact(ctx: typer.Context, ref: str,
            summary: Annotated[str, typer.Option("--summary", help="What was said.")],
            channel: ChannelOption = ContactChannel.PHONE,
            counterpart: Annotated[str, typer.Option("--counterpart")] = "",
            stage: CounterpartStageOption = Stage.PROVIDER,
            ticket: Annotated[str, typer.Option("--ticket", help="Their ticket no. "
                              "(工单号).")] = "",
            next_date: Annotated[str | None, typer.Option("--next", help="Next follow-up "
                                 "date.")] = None) -> None:
    """Log a contact (follow-up) for a case."""
    from workbench.services.contacts import ContactDraft, log_contact

    follow = parse_day(next_date)
    wb, case = case_workbench(ctx, ref)
    log_contact(wb, case.id, case.version, ContactDraft(
        channel=channel, counterpart=counterpart, summary=summary,
        counterpart_stage=stage, ticket_no=ticket, next_follow_up=follow))
    say(f"{case.ref}: contact logged.")


@app.command()
def bodies(ctx: typer.Context, ref: str, held_by: BodiesArgument) -> None:
    """Record which bodies already hold the dispute (before an administrative rung)."""
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    escalation.record_bodies(wb, case.id, case.version, [Body(b) for b in held_by])
    say(f"{case.ref}: recorded.")


@app.command()
def scope(ctx: typer.Context, ref: str, to: ScopeArgument,
          reason: Annotated[str, typer.Option("--reason", help="Why (always needed: the "
                            "scope decides the law a filing cites).")] = "") -> None:
    """Correct whether the dispute is 生活消费 (consumer) or a merchant's 经营活动 (business)."""
    from workbench.services import cases

    wb, case = case_workbench(ctx, ref)
    changed = cases.set_scope(wb, case.id, case.version, to, reason)
    say(f"{changed.ref}: {DisputeScope.label_of(changed.scope, changed.scope)}"
         f"（{changed.scope}）.")
