"""`workbench people`: who may use the workbench, and with which role (admins only)."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.choices import listing, option, parser
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.domain.ladder import Role
from workbench.i18n import _

people_app = typer.Typer(help=_("经办人登记：添加、列出、改角色、停用（管理员）。"),
                         no_args_is_help=True)
app.add_typer(people_app, name="people")

RoleOption = Annotated[Role, option(Role, "--role", what=_("角色"))]
RoleArgument = Annotated[Role, typer.Argument(parser=parser(Role, _("角色")), metavar="ROLE",
                                              help=_("角色：{choices}").format(
                                                  choices=listing(Role)))]


def _line(login: str, name: str, label: str, active: bool, db_role: str) -> str:
    from workbench.terminal_text import clean

    state = "" if active else _("  （已停用）")
    role = _("  数据库角色 {db_role}").format(db_role=clean(db_role)) if db_role else ""
    return f"{clean(login):<16} {clean(name):<10} {label}{role}{state}"


@people_app.command("add", help=_("登记一位人员（或重新启用已停用的人员）。"))
def people_add(
    ctx: typer.Context, login: str, role: RoleOption,
    name: Annotated[str, typer.Option("--name", help=_("姓名（显示在界面和文书上）。"))],
    db_role: Annotated[str, typer.Option(
        "--db-role", help=_("PostgreSQL：此人连接数据库所用的登录角色。"))] = "",
) -> None:
    from workbench.services import people

    row = people.add_person(open_workbench(ctx), login, name, role, db_role)
    say(_("已登记：{person}").format(
        person=_line(row.login, row.name, row.role_label, row.active, row.db_role)))


@people_app.command("list", help=_("所有已登记的人员，及其角色和数据库角色。"))
def people_list(ctx: typer.Context) -> None:
    from workbench.services import people

    for row in people.list_people(open_workbench(ctx)):
        say(_line(row.login, row.name, row.role_label, row.active, row.db_role))


@people_app.command("set-role", help=_("修改人员的角色。"))
def people_set_role(ctx: typer.Context, login: str, role: RoleArgument) -> None:
    from workbench.services import people

    row = people.set_role(open_workbench(ctx), login, role)
    say(_("{login} 的角色：{role}。").format(login=row.login, role=row.role_label))


@people_app.command("deactivate", help=_("停止某人使用工作台（其历史记录保留）。"))
def people_deactivate(ctx: typer.Context, login: str) -> None:
    from workbench.services import people

    row = people.deactivate(open_workbench(ctx), login)
    say(_("已停用 {login}。").format(login=row.login))
