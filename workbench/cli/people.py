"""`workbench people`: who may use the workbench, and with which role (admins only)."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.choices import listing, option, parser
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.domain.ladder import Role

people_app = typer.Typer(help="经办人登记：添加、列出、改角色、停用（管理员）。",
                         no_args_is_help=True)
app.add_typer(people_app, name="people")

RoleOption = Annotated[Role, option(Role, "--role", what="角色")]
RoleArgument = Annotated[Role, typer.Argument(parser=parser(Role, "角色"), metavar="ROLE",
                                              help=f"角色: {listing(Role)}")]


def _line(login: str, name: str, label: str, active: bool, db_role: str) -> str:
    from workbench.terminal_text import clean

    state = "" if active else "  （已停用）"
    role = f"  数据库角色 {clean(db_role)}" if db_role else ""
    return f"{clean(login):<16} {clean(name):<10} {label}{role}{state}"


@people_app.command("add")
def people_add(
    ctx: typer.Context, login: str, role: RoleOption,
    name: Annotated[str, typer.Option("--name", help="姓名（显示在界面和文书上）。")],
    db_role: Annotated[str, typer.Option(
        "--db-role", help="PostgreSQL：此人连接数据库所用的登录角色。")] = "",
) -> None:
    """Register a person (or reactivate a deactivated one)."""
    from workbench.services import people

    row = people.add_person(open_workbench(ctx), login, name, role, db_role)
    say(f"已登记：{_line(row.login, row.name, row.role_label, row.active, row.db_role)}")


@people_app.command("list")
def people_list(ctx: typer.Context) -> None:
    """Everyone registered, with role and database role."""
    from workbench.services import people

    for row in people.list_people(open_workbench(ctx)):
        say(_line(row.login, row.name, row.role_label, row.active, row.db_role))


@people_app.command("set-role")
def people_set_role(ctx: typer.Context, login: str, role: RoleArgument) -> None:
    """Change a person's role."""
    from workbench.services import people

    row = people.set_role(open_workbench(ctx), login, role)
    say(f"{row.login} 的角色：{row.role_label}。")


@people_app.command("deactivate")
def people_deactivate(ctx: typer.Context, login: str) -> None:
    """Stop a person from using the workbench (their history stays)."""
    from workbench.services import people

    row = people.deactivate(open_workbench(ctx), login)
    say(f"已停用 {row.login}。")
