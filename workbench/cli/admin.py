"""Administration: the schema, `doctor`, the holiday table, the data key."""

from __future__ import annotations

from pathlib import Path

import typer

from workbench.cli.options import open_workbench, settings
from workbench.cli.output import say
from workbench.cli.root import app

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
holidays_app = typer.Typer(help="The admin holiday table (years chinesecalendar lacks).",
                           no_args_is_help=True)
key_app = typer.Typer(help="The passphrase protecting personal data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(holidays_app, name="holidays")
app.add_typer(key_app, name="key")


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Bring the schema to the newest version (also done automatically at start)."""
    from workbench.services.database import upgrade_schema

    state = upgrade_schema(settings(ctx))
    if state.applied:
        say(f"已升级：{' → '.join(state.applied)}（当前为 {state.applied[-1]}）。")
    else:
        say(f"已是最新（{state.head}），未作改动。")


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Show the schema version of the database and of this program."""
    from workbench.services.database import schema_state

    state = schema_state(settings(ctx))
    where = "current" if state.current == state.head else f"behind, head is {state.head}"
    say(f"{state.current or '(empty)'} ({where})")


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check database, schema, keyring, calendar coverage and terminal colours."""
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
        raise ChecksFailed(f"doctor: {failed} 项检查未通过。", "按每行 FAIL 后的提示处理。")


@holidays_app.command("import")
def holidays_import(ctx: typer.Context, file: Path) -> None:
    """Import days from a CSV file: date,rest|working,name (e.g. 2027-01-01,rest,元旦)."""
    from workbench.services.holidays import import_holidays

    count = import_holidays(open_workbench(ctx), file)
    say(f"Imported {count} days.")


@holidays_app.command("list")
def holidays_list(ctx: typer.Context) -> None:
    """Show the holiday table."""
    from workbench.services.holidays import list_holidays

    for row in list_holidays(open_workbench(ctx, existing=True)):
        say(f"{row.day.isoformat()}  {'working' if row.working else 'rest   '}  {row.name}")


@key_app.command("store")
def key_store(ctx: typer.Context) -> None:
    """Save the data passphrase of this database in the system keyring."""
    from workbench import secrets
    from workbench.errors import SecretError

    wb = open_workbench(ctx, existing=True)
    secret = secrets.data_passphrase(wb.store.db_id, demo=wb.store.demo)
    if not secrets.keyring_set(f"data-key:{wb.store.db_id}", secret.value):
        raise SecretError("系统密钥环拒绝保存口令（没有可用的密钥环？）。",
                          f"Use {secrets.ENV_DATA_KEY} instead.")
    say("已存入密钥环。")
