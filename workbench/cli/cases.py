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
from workbench.i18n import _
from workbench.os_reasons import os_reason

if TYPE_CHECKING:
    from workbench.services.context import Workbench

ReasonOpt = Annotated[str, typer.Option(
    "--reason", help=_("理由（越级、降级、重新打开时必填）。"))]


def case_workbench(ctx: typer.Context, ref: str) -> tuple[Workbench, Any]:
    """Open the database and find the case `ref` in it."""
    wb = open_workbench(ctx, existing=True)
    return wb, found_case(wb, ref)


def found_case(wb: Workbench, ref: str) -> Any:
    """The case `ref` names; a merged-away ref gives the case it went into, saying so."""
    from workbench.services.cases import resolve_ref

    found = resolve_ref(wb, ref)
    if found.note:
        say(found.note, err=True)
    return found.case


def parse_day(raw: str | None) -> Any:
    """A date the user typed (None stays None); a wrong one is a RuleViolation."""
    from workbench.domain.validators import ValidationError, parse_date
    from workbench.errors import RuleViolation

    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValidationError as exc:
        raise RuleViolation(exc.message, _("请用 YYYY-MM-DD 格式。")) from exc


def echo_moved(case: Any) -> None:
    from workbench.domain.ladder import stage_label

    due = ""
    if case.stage_due_on:
        template = _("，{due} 到期（估算）") if case.due_estimated else _("，{due} 到期")
        due = template.format(due=case.stage_due_on)
    say(f"{case.ref}: {stage_label(case.stage)}（{case.stage}）{due}")


def confirm_demo_intake() -> None:
    """Ask before a case goes into a demo database; without a terminal, refuse."""
    import sys

    from workbench.errors import RuleViolation
    from workbench.services.database import DEMO_INTAKE_QUESTION

    if sys.stdin.isatty() and typer.confirm(_(DEMO_INTAKE_QUESTION), default=False, err=True):
        return
    raise RuleViolation(_("未登记：这是演示数据库。"),
                        _("真实案件请用正式数据库（--db）；确要登记到演示库请加 --yes。"))


@app.command(help=_("从 TOML 文件登记新案件（列出每一处错误；有错时不保存）。"))
def new(ctx: typer.Context, file: Path,
        allow_duplicate: Annotated[bool, typer.Option(
            "--allow-duplicate",
            help=_("即使投诉人对同一服务商已有未结案件，也照样登记。"))] = False,
        yes: Annotated[bool, typer.Option("--yes", help=_("演示数据库中也登记，不再询问。"))]
        = False) -> None:
    from workbench.services import intake

    form = intake.form_from_toml(file)
    wb = open_workbench(ctx)
    if wb.store.demo and not yes:
        confirm_demo_intake()
    case = intake.submit(wb, form, allow_duplicate=allow_duplicate)
    template = (_("{ref}：已登记，{due} 到期（估算）。") if case.due_estimated
                else _("{ref}：已登记，{due} 到期。"))
    say(template.format(ref=case.ref, due=case.due_on))


@app.command(help=_("在处理阶梯上移动案件（被拒绝时列出每一项未满足的条件）。"))
def escalate(ctx: typer.Context, ref: str, to: StageOption, reason: ReasonOpt = "",
             body: BodyOption = None) -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.escalate(wb, case.id, case.version, to, reason=reason, body=body))


@app.command(help=_("撤销案件最近一次阶段变更（记为新事件）。"))
def undo(ctx: typer.Context, ref: str) -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.undo(wb, case.id, case.version))


@app.command(help=_("结案并记录结果（有挽回款项时记录金额）。"))
def close(ctx: typer.Context, ref: str, outcome: OutcomeOption,
          recovered: Annotated[str | None, typer.Option(
              "--recovered", help=_("挽回金额，单位元（例如 1234.56）。"))] = None,
          reason: ReasonOpt = "") -> None:
    from workbench.domain.validators import ValidationError, yuan_to_fen
    from workbench.errors import RuleViolation
    from workbench.services import escalation

    try:
        fen = yuan_to_fen(recovered) if recovered is not None else None
    except ValidationError as exc:
        raise RuleViolation(exc.message, _("请以元为单位，最多两位小数。")) from exc
    wb, case = case_workbench(ctx, ref)
    echo_moved(escalation.escalate(wb, case.id, case.version, Stage.CLOSED, reason=reason,
                                   outcome=Outcome(outcome), recovered_fen=fen))


@app.command(help=_("每位经办人已逾期的案件和今后 N 个工作日内到期的案件。"))
def remind(ctx: typer.Context,
           days: Annotated[int, typer.Option("--days", min=0, max=365,
                                             help=_("向后看几个工作日。"))] = 3,
           csv_file: Annotated[Path | None, typer.Option(
               "--csv", help=_("同时写入这个 CSV 文件。"))] = None) -> None:
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
        flag = _("已逾期") if row.overdue else _("到期  ")
        est = "~" if row.estimated else " "
        say(f"  {flag} {row.due_on}{est} {row.ref}  {stage_label(row.stage)}  "
             f"{row.title[:40]}")
    if not rows:
        say(_("没有逾期或在 {days} 个工作日内到期的案件。").format(days=days))
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

        raise StorageError(_("无法写入 {path}：{reason}").format(
            path=csv_file, reason=os_reason(exc)),
            _("请检查目录是否存在、是否可写，或换一个文件路径。")) from exc


@app.command(help=_("为案件记录一次联系（跟进）。"))
def contact(ctx: typer.Context, ref: str,
            summary: Annotated[str, typer.Option("--summary", help=_("联系的内容。"))],
            channel: ChannelOption = ContactChannel.PHONE,
            counterpart: Annotated[str, typer.Option("--counterpart", help=_("联系对象。"))] = "",
            stage: CounterpartStageOption = Stage.PROVIDER,
            ticket: Annotated[str, typer.Option("--ticket", help=_("对方的工单号。"))] = "",
            next_date: Annotated[str | None, typer.Option(
                "--next", help=_("下次跟进日期。"))] = None) -> None:
    from workbench.services.contacts import ContactDraft, log_contact

    follow = parse_day(next_date)
    wb, case = case_workbench(ctx, ref)
    log_contact(wb, case.id, case.version, ContactDraft(
        channel=channel, counterpart=counterpart, summary=summary,
        counterpart_stage=stage, ticket_no=ticket, next_follow_up=follow))
    say(_("{ref}：已记录联系。").format(ref=case.ref))


@app.command(help=_("登记哪些机构已受理此争议（转入行政阶段前）。"))
def bodies(ctx: typer.Context, ref: str, held_by: BodiesArgument) -> None:
    from workbench.services import escalation

    wb, case = case_workbench(ctx, ref)
    escalation.record_bodies(wb, case.id, case.version, [Body(b) for b in held_by])
    say(_("{ref}：已登记。").format(ref=case.ref))


@app.command(help=_("更正争议性质：生活消费（消费者）或商户的经营活动。"))
def scope(ctx: typer.Context, ref: str, to: ScopeArgument,
          reason: Annotated[str, typer.Option(
              "--reason", help=_("理由（必填：争议性质决定文书引用的法律）。"))] = "") -> None:
    from workbench.services import cases

    wb, case = case_workbench(ctx, ref)
    changed = cases.set_scope(wb, case.id, case.version, to, reason)
    say(f"{changed.ref}: {DisputeScope.label_of(changed.scope, changed.scope)}"
        f"（{changed.scope}）。")
