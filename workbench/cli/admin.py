"""Administration: the schema, `doctor`, the holiday table, the data key."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import open_workbench, settings
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

db_app = typer.Typer(help=_("数据库结构。"), no_args_is_help=True)
holidays_app = typer.Typer(help=_("管理员的节假日表（chinesecalendar 未收录的年份）。"),
                           no_args_is_help=True)
key_app = typer.Typer(help=_("保护个人信息的数据口令。"), no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(holidays_app, name="holidays")
app.add_typer(key_app, name="key")


@db_app.command("upgrade", help=_("把数据库结构升级到最新版本（启动时也会自动升级）。"))
def db_upgrade(ctx: typer.Context) -> None:
    from workbench.services.database import upgrade_schema

    state = upgrade_schema(settings(ctx))
    if state.applied:
        say(_("已升级：{steps}（当前为 {head}）。").format(
            steps=" → ".join(state.applied), head=state.applied[-1]))
    else:
        say(_("已是最新（{head}），未作改动。").format(head=state.head))


@db_app.command("current", help=_("显示数据库的结构版本和本程序的版本。"))
def db_current(ctx: typer.Context) -> None:
    from workbench.services.database import schema_state

    state = schema_state(settings(ctx))
    current = state.current or _("（空）")
    if state.current == state.head:
        say(_("{current}（最新）").format(current=current))
    else:
        say(_("{current}（落后，最新为 {head}）").format(current=current, head=state.head))


@app.command(help=_("检查数据库、结构版本、密钥环、日历覆盖范围和终端颜色。"))
def doctor(ctx: typer.Context) -> None:
    from workbench.domain.clock import SystemClock
    from workbench.errors import ChecksFailed
    from workbench.services.doctor import run_checks

    failed = 0
    for check in run_checks(settings(ctx), SystemClock().today()):
        say(f"{check.status:<5} {check.name:<10} {check.detail}")
        if check.hint and check.status != "OK":
            say(f"{'':16}→ {check.hint}")
        failed += check.status == "FAIL"
    if failed:
        raise ChecksFailed(_("doctor：{failed} 项检查未通过。").format(failed=failed),
                           _("按每行 FAIL 后的提示处理。"))


@holidays_app.command("import", help=_("从 CSV 文件导入日期：date,rest|working,name"
                                       "（例如 2027-01-01,rest,元旦）。"))
def holidays_import(ctx: typer.Context, file: Path) -> None:
    from workbench.services.holidays import import_holidays

    count = import_holidays(open_workbench(ctx), file)
    say(_("已导入 {count} 天。").format(count=count))


@holidays_app.command("list", help=_("显示节假日表。"))
def holidays_list(ctx: typer.Context) -> None:
    from workbench.services.holidays import list_holidays

    for row in list_holidays(open_workbench(ctx, existing=True)):
        kind = _("调休上班") if row.working else _("休息    ")
        say(f"{row.day.isoformat()}  {kind}  {row.name}")


@key_app.command("store", help=_("把本数据库的数据口令存入系统密钥环。"))
def key_store(ctx: typer.Context) -> None:
    from workbench import secrets
    from workbench.errors import SecretError

    wb = open_workbench(ctx, existing=True)
    secret = secrets.data_passphrase(wb.store.db_id, demo=wb.store.demo)
    if not secrets.keyring_set(f"data-key:{wb.store.db_id}", secret.value):
        raise SecretError(_("系统密钥环拒绝保存口令（没有可用的密钥环？）。"),
                          _("请改用 {variable}。").format(variable=secrets.ENV_DATA_KEY))
    say(_("已存入密钥环。"))
