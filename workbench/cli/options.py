"""The global options (`--db`, `--user`, `--demo`, `--config`), declared once on the root
command, and the one resolver every subcommand opens the database through."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.output import say
from workbench.i18n import _

if TYPE_CHECKING:
    from workbench.config import LoadedSettings
    from workbench.services.context import Workbench

DEMO_FILE = "demo.db"
QUICKSTART_DEMO_CASES = 5000
DEMO_USER = "wang.li"  # a demo caseworker with a full queue: "My open cases" is not empty

GLOBAL_OPTIONS = ("--db", "--user", "--demo", "--config")
GLOBAL_FLAGS = frozenset({"--demo"})  # the global options that take no value


def opens_queue(argv: list[str]) -> bool:
    """Whether `argv` (without the program) holds only global options: `workbench` opens
    the queue, and no subcommand module need be loaded."""
    i = 0
    while i < len(argv):
        name = argv[i].split("=", 1)[0]
        if name not in GLOBAL_OPTIONS:
            return False
        i += 1 if name in GLOBAL_FLAGS or "=" in argv[i] else 2
    return i == len(argv)


DbOption = Annotated[str | None, typer.Option(
    "--db", help=_("数据库 URL（优先于 WORKBENCH_DB 和配置文件）。"))]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", help=_("配置文件（默认：用户配置目录；WORKBENCH_CONFIG）。"))]
UserOption = Annotated[str | None, typer.Option(
    "--user", help=_("管理员代此登录名操作（默认：你的系统用户；PostgreSQL 上为你的数据库角色）。"
                     "非管理员使用会被拒绝。"))]
DemoOption = Annotated[bool, typer.Option(
    "--demo", help=_("使用数据目录中的演示数据库（虚构数据、公开口令、演示经办人），"
                     "首次使用时自动创建；对每个子命令都有效。"))]


@dataclass
class Globals:
    """What the root command was given; every subcommand reads it from here."""

    config: Path | None = None
    db: str | None = None
    user: str | None = None
    demo: bool = False
    _loaded: LoadedSettings | None = field(default=None, repr=False)

    @property
    def demo_mode(self) -> bool:
        """`--demo` without `--db` (an explicit database wins, as it always has)."""
        return self.demo and not self.db

    def settings(self) -> LoadedSettings:
        """Config file, then environment, then these flags; with --demo, the demo database
        and (unless a user is configured) the demo caseworker. Resolved once."""
        if self._loaded is None:
            from workbench.config import load_settings

            loaded = load_settings(self.config, {"db": self.db, "user": self.user})
            if self.demo_mode:
                url = f"sqlite:///{loaded.settings.resolved_data_dir() / DEMO_FILE}"
                user = loaded.settings.user or DEMO_USER
                loaded = load_settings(self.config, {"db": url, "user": user})
            self._loaded = loaded
            from workbench.i18n import set_language

            set_language(loaded.settings.language)  # main() read it early; this one is checked
        return self._loaded


def _say(notices: tuple[str, ...]) -> None:
    from workbench.cli.output import say

    for line in notices:
        say(line, err=True)


def globals_of(ctx: typer.Context) -> Globals:
    obj = ctx.find_root().obj
    if not isinstance(obj, Globals):  # a subcommand invoked without the root callback
        obj = ctx.find_root().obj = Globals()
    return obj


def settings(ctx: typer.Context) -> LoadedSettings:
    """The resolved settings, for commands that do not open a Workbench (db, audit, doctor).
    With --demo the demo database is created first if it does not exist yet."""
    g = globals_of(ctx)
    if g.demo_mode:
        open_workbench(ctx, identify=False).store.dispose()
    return g.settings()


def open_workbench(ctx: typer.Context, *, demo: bool | None = None,
                   fill_demo: bool = True, identify: bool = True,
                   existing: bool = False) -> Workbench:
    """Open the database the global options name, acting as the system's identity (an
    admin: as --user), refused when it is not registered (`identify=False`: bootstrap
    paths that read no cases, see `database.open_workbench`).

    With --demo: the demo database, generated on first use unless `fill_demo` is False (the
    `demo` subcommand fills it itself). `demo=True` marks a new database as a demo one.
    `existing=True` (commands that only read, or need a case): a mistyped path is an error,
    never a new database. What opening tidied up is said on stderr.
    """
    from workbench.services import database, identity

    g = globals_of(ctx)
    if not g.demo_mode:
        wb = database.open_workbench(g.settings(), demo=demo, identify=identify,
                                     must_exist=existing)
        _say(wb.notices)
        return wb
    wb = database.open_workbench(g.settings(), demo=True, identify=False)
    _say(wb.notices)
    if fill_demo:
        from workbench.services.cases import case_count

        cases = None
        if case_count(wb) == 0:
            cases = QUICKSTART_DEMO_CASES
            say(_("正在创建演示数据库（{cases:,} 个虚构案件）：{db}…").format(
                cases=cases, db=g.settings().settings.db),
                 err=True)
        from workbench.demo import fill_demo as fill

        fill(wb, cases=cases, seed=1)
    return identity.identify(wb, g.settings().settings.user) if identify else wb
