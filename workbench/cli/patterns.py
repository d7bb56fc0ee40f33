"""`workbench patterns list|show|group`: alerts over the open cases (domain/patterns.toml)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

patterns_app = typer.Typer(help=_("投诉规律预警：同一服务商同类投诉集中、同一终端多名投诉人、"
                                  "同一费率上调幅度。"), no_args_is_help=True)
app.add_typer(patterns_app, name="patterns")

AlertArg = Annotated[str, typer.Argument(help=_("预警名称（patterns list 中列出）。"))]


def _line(alert: Any) -> None:
    say(f"{alert.id}  {alert.label}  {alert.summary}")
    say(f"    {alert.proposed}")


@patterns_app.command(
    "list", help=_("当前的预警（未结案件）：每条预警的案件、建议（负责人、管理员）。"))
def patterns_list(ctx: typer.Context) -> None:
    from workbench.services import patterns

    found = patterns.supervisor_alerts(open_workbench(ctx, existing=True))
    for alert in found:
        _line(alert)
    say(_("共 {n} 条预警；队列中用 pattern:预警名称 或 pattern:any 筛选其案件。").format(
        n=len(found)))


@patterns_app.command("show", help=_("一条预警及其全部案件编号。"))
def patterns_show(ctx: typer.Context, alert: AlertArg) -> None:
    from workbench.services import patterns

    found = patterns.find_alert(open_workbench(ctx, existing=True), alert)
    _line(found)
    for ref in found.refs:
        say(f"  {ref}")


@patterns_app.command("group", help=_("把预警的案件组成共同投诉（已在共同投诉中的除外）。"))
def patterns_group(
    ctx: typer.Context, alert: AlertArg,
    name: Annotated[str, typer.Option("--name", help=_("共同投诉的名称（默认：预警名称）。"))]
    = "",
) -> None:
    from workbench.cli.groups import show_group
    from workbench.services import patterns

    show_group(patterns.group_alert(open_workbench(ctx, existing=True), alert, name))
