"""`workbench group new|add|leave|show|list|escalate|export`: joint complaints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from workbench.cli.cases import ReasonOpt
from workbench.cli.choices import StageOption
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

group_app = typer.Typer(
    help=_("共同投诉（令第20号第十一条）：成立、加入、退出、查看、转阶段、导出投诉函。"),
    no_args_is_help=True)
app.add_typer(group_app, name="group")

NameArg = Annotated[str, typer.Argument(help=_("共同投诉的名称。"))]
RefArg = Annotated[str, typer.Argument(help=_("案件编号。"))]


def show_group(detail: Any) -> None:
    row = detail.row
    reps = "、".join(row.representatives) or _("未推选")
    say(_("共同投诉「{name}」  被投诉人：{provider}  成员 {n} 件  代表人：{reps}").format(
        name=row.name, provider=row.provider, n=row.members, reps=reps))
    for m in detail.members:
        flag = _("  代表人") if m.representative else ""
        if m.left_at is None:
            say(f"  {m.ref}  {m.stage_label}  {m.title}{flag}")
        else:
            why = f"（{m.left_reason}）" if m.left_reason else ""
            say(_("  {ref}  {at:%Y-%m-%d} 退出{why}").format(ref=m.ref, at=m.left_at, why=why))


@group_app.command("new", help=_("把同一被投诉人的两件以上案件组成共同投诉。"))
def group_new(ctx: typer.Context, name: NameArg,
              refs: Annotated[list[str], typer.Argument(help=_("成员案件编号。"))],
              representative: Annotated[list[str] | None, typer.Option(
                  "--representative", help=_("代表人所在的案件（最多两名，可重复）。"))] = None,
              ) -> None:
    from workbench.services import groups

    show_group(groups.create_group(open_workbench(ctx, existing=True), name, refs,
                              representative or []))


@group_app.command("add", help=_("案件加入共同投诉。"))
def group_add(ctx: typer.Context, name: NameArg, ref: RefArg,
              representative: Annotated[bool, typer.Option(
                  "--representative", help=_("作为代表人。"))] = False) -> None:
    from workbench.services import groups

    show_group(groups.add_member(open_workbench(ctx, existing=True), name, ref,
                            representative=representative))


@group_app.command("leave", help=_("案件退出共同投诉（保留其记录）。"))
def group_leave(ctx: typer.Context, name: NameArg, ref: RefArg,
                reason: Annotated[str, typer.Option("--reason", help=_("理由。"))] = "") -> None:
    from workbench.services import groups

    show_group(groups.leave(open_workbench(ctx, existing=True), name, ref, reason))


@group_app.command("show", help=_("共同投诉的成员（含已退出的）和记录。"))
def group_show(ctx: typer.Context, name: NameArg) -> None:
    from workbench.services import groups

    detail = groups.group_detail(open_workbench(ctx, existing=True), name)
    show_group(detail)
    if detail.history:
        say(_("记录："))
        for line in detail.history:
            say(f"  {line.at:%Y-%m-%d %H:%M}  {line.actor}  {line.text}")


@group_app.command("list", help=_("全部共同投诉。"))
def group_list(ctx: typer.Context) -> None:
    from workbench.services import groups

    rows = groups.list_groups(open_workbench(ctx, existing=True))
    for row in rows:
        say(_("{name}  {provider}  {n} 件  {by} {at:%Y-%m-%d}").format(
            name=row.name, provider=row.provider, n=row.members, by=row.created_by,
            at=row.created_at))
    say(_("共 {n} 个共同投诉。").format(n=len(rows)))


@group_app.command("escalate", help=_("把共同投诉的每件成员案件转到同一阶段，逐件报告结果。"))
def group_escalate(ctx: typer.Context, name: NameArg, to: StageOption,
                   reason: ReasonOpt = "") -> None:
    from workbench.domain.ladder import stage_label
    from workbench.services import groups
    from workbench.services.bulk import refusal_line

    done = groups.escalate_group(open_workbench(ctx, existing=True), name, to, reason=reason)
    for ref in done.result.done:
        say(_("  {ref}：已转到{stage}").format(ref=ref, stage=stage_label(done.to)))
    for ref, why in done.result.refused:
        say(_("  {ref}：未转，{why}").format(ref=ref, why=refusal_line(ref, why)))
    say(_("共同投诉「{name}」：{summary}。").format(
        name=done.name, summary=done.result.summary()))
    if done.result.refused:
        raise typer.Exit(1)


@group_app.command("export", help=_("导出共同投诉的投诉函（一份，列出全部投诉人）。"))
def group_export(
    ctx: typer.Context, name: NameArg,
    out: Annotated[Path | None, typer.Option(
        "--out", help=_(".docx 文件的存放目录（默认：filings_dir）。"))] = None,
    draft: Annotated[bool, typer.Option("--draft", help=_("草稿：不编号。"))] = False,
) -> None:
    from workbench.filings.documents import FilingKind
    from workbench.services import filings, groups

    wb = open_workbench(ctx, existing=True)
    done = filings.export(wb, groups.lead_case(wb, name), FilingKind.GROUP_COMPLAINT_LETTER,
                          out or wb.filings_dir or Path("filings"),
                          style_file=wb.filings_style, draft=draft)
    say(_("已导出  {ref} → {file}  {doc_no}").format(ref=done.ref, file=done.path,
                                                  doc_no=done.doc_no))
