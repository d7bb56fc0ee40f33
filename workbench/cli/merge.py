"""Duplicate cases on the command line: `show`, `duplicates`, `merge`."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.cases import case_workbench
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _


@app.command(help=_("显示一件案件的概况和最近的历史（已并入的编号显示并入后的案件）。"))
def show(ctx: typer.Context, ref: str) -> None:
    from workbench.services.case_view import case_view

    wb, case = case_workbench(ctx, ref)
    view = case_view(wb, case.id, limit=10)
    facts = view.case
    say(f"{facts.ref}  {facts.title}")
    say(_("  阶段：{stage}（{status}），到期：{due}").format(
        stage=facts.stage_label, status=facts.status_label, due=facts.due or _("无")))
    say(_("  投诉人：{name}；服务商：{provider}；经办人：{assignee}").format(
        name=view.complainant.name, provider=view.provider,
        assignee=facts.assignee or _("未分配")))
    for text, amount in facts.demands:
        say(f"  - {text}  {amount}".rstrip())
    for line in view.events:
        say(f"  {line.at}  {line.actor}  {line.text}")


@app.command(help=_("列出一件案件的疑似重复案件（同一投诉人、同一服务商和终端的未结案件）。"))
def duplicates(ctx: typer.Context, ref: str) -> None:
    from workbench.services.case_merge import duplicate_candidates

    wb, case = case_workbench(ctx, ref)
    found = duplicate_candidates(wb, case.ref)
    for other in found:
        say(f"{other.ref}  {other.title}  {other.assignee or _('未分配')}")
    if not found:
        say(_("{ref} 没有疑似重复的未结案件。").format(ref=case.ref))
    else:
        say(_("合并：workbench merge {ref} 编号 --reason 理由").format(ref=case.ref))


@app.command(help=_("把重复案件 AWAY 并入 KEEP：证据、联系记录、批注和文书移入 KEEP，"
                    "AWAY 结案（已并入其他案件），其编号转到 KEEP。"))
def merge(ctx: typer.Context, keep: str, away: str,
          reason: Annotated[str, typer.Option("--reason", help=_("合并理由（必填）。"))],
          same_complainant: Annotated[bool, typer.Option(
              "--same-complainant",
              help=_("两案投诉人登记不同但确是同一人（例如姓名录入有误）。"))] = False,
          yes: Annotated[bool, typer.Option("--yes", help=_("不再询问，直接合并。"))] = False,
          ) -> None:
    import sys

    from workbench.errors import RuleViolation
    from workbench.services.case_merge import merge_cases, plan_merge

    wb = open_workbench(ctx, existing=True)
    plan = plan_merge(wb, keep, away, same_complainant=same_complainant)
    for line in plan.lines():
        say(line)
    if not yes:
        if not sys.stdin.isatty():
            raise RuleViolation(_("未合并：需要确认。"), _("确认无误后加 --yes 重新运行。"))
        if not typer.confirm(_("确定合并？"), default=False, err=True):
            raise RuleViolation(_("未合并。"), _("没有做任何修改。"))
    merge_cases(wb, keep, away, reason, same_complainant=same_complainant,
                expected=(plan.keep_version, plan.away_version))
    say(_("{away} 已并入 {keep}。").format(away=plan.away_ref, keep=plan.keep_ref))
