"""The root `workbench` command: global options once, the TUI when no subcommand is given."""

from __future__ import annotations

import typer

from workbench.cli.errors import WorkbenchGroup
from workbench.cli.options import (
    ConfigOption,
    DbOption,
    DemoOption,
    Globals,
    UserOption,
    open_workbench,
)
from workbench.i18n import _

app = typer.Typer(
    name="workbench",
    cls=WorkbenchGroup,
    help=_("POS 机投诉案件工作台（消费者协会经办人使用）。"
           "全局选项（--db、--user、--demo、--config）写在子命令之前，对每个子命令都有效。"),
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


@app.callback(invoke_without_command=True)
def main_callback(ctx: typer.Context, db: DbOption = None, config: ConfigOption = None,
                  user: UserOption = None, demo: DemoOption = False) -> None:
    """Open the case workbench (the full-screen TUI); --help shows the group's help."""
    ctx.obj = Globals(config=config, db=db, user=user, demo=demo)
    if ctx.invoked_subcommand is not None:
        return
    from workbench.tui import collector  # only here: the subcommands never load Textual

    collector.pause()  # until the first page is painted: start-up's objects live on
    try:
        wb = open_workbench(ctx)  # refused unless the system's identity is registered
        from workbench.tui.app import run

        run(wb, ctx.obj.settings())
    finally:
        collector.resume()
