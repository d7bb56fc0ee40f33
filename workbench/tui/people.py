"""The people screen (admins): who may use the workbench, with add / set-role /
deactivate dialogs over `services.people` (reachable from the command palette)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Label

from workbench.domain.ladder import Role
from workbench.i18n import N_, _, pgettext
from workbench.services import people
from workbench.services.people import Person
from workbench.tui.base import WorkbenchScreen, flow
from workbench.tui.dialogs import AskDialog, ConfirmDialog, PickDialog
from workbench.tui.footer import KeyFooter
from workbench.tui.text import plain

ROLE_CHOICES = [(str(role), role.label) for role in Role]


class PeopleScreen(WorkbenchScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", N_("返回"), id="people.back"),
        Binding("a", "add", N_("登记经办人"), id="people.add"),
        Binding("r", "set_role", N_("修改角色"), id="people.role"),
        Binding("d", "deactivate", N_("停用"), id="people.deactivate"),
    ]

    def compose(self) -> ComposeResult:
        yield Label(_("经办人（管理员：a 登记 · r 改角色 · d 停用）"), classes="dialog-title")
        yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.rows: list[Person] = []
        table = self.query_one(DataTable)
        table.add_columns(_("登录名"), pgettext("label", "姓名"), pgettext("label", "角色"),
                          _("数据库角色"), _("状态"))
        self.refresh_rows()

    @flow(group="load", exclusive=True)
    async def refresh_rows(self) -> None:
        rows = await self.run_service(people.list_people, self.wb)
        if not self.is_attached:
            return
        self.rows = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(plain(row.login), plain(row.name), row.role_label, plain(row.db_role),
                          _("在用") if row.active else _("已停用"), key=row.login)
        table.focus()

    def _current(self) -> Person | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @flow()
    async def action_add(self) -> None:
        login = await self.app.push_screen_wait(AskDialog(_("登录名（系统用户名）")))
        if not login:
            return
        name = await self.app.push_screen_wait(AskDialog(_("{login} 的姓名").format(login=login)))
        if not name:
            return
        role = await self.app.push_screen_wait(PickDialog(pgettext("label", "角色"), ROLE_CHOICES))
        if role is None:
            return
        db_role = await self.app.push_screen_wait(
            AskDialog(_("PostgreSQL 数据库角色（SQLite 留空）")))
        if db_role is None:
            return
        added = await self.run_service(people.add_person, self.wb, login, name, Role(role),
                                       db_role)
        self.app.notify(_("已登记 {login}（{role_label}）").format(
                        login=added.login, role_label=added.role_label), markup=False)
        self.refresh_rows()

    @flow()
    async def action_set_role(self) -> None:
        row = self._current()
        if row is None:
            return
        role = await self.app.push_screen_wait(PickDialog(_("{login} 的角色").format(
                                                          login=row.login), ROLE_CHOICES))
        if role is None:
            return
        changed = await self.run_service(people.set_role, self.wb, row.login, Role(role))
        self.app.notify(_("{login} 的角色：{role_label}").format(
                        login=changed.login, role_label=changed.role_label), markup=False)
        self.refresh_rows()

    @flow()
    async def action_deactivate(self) -> None:
        row = self._current()
        if row is None or not await self.app.push_screen_wait(
                ConfirmDialog(_("停用 {login}（{name}）？").format(
                              login=row.login, name=row.name))):
            return
        await self.run_service(people.deactivate, self.wb, row.login)
        self.app.notify(_("已停用 {login}").format(login=row.login), markup=False)
        self.refresh_rows()
