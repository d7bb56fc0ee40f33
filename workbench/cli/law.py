"""The law register and the deadline rules in force: `workbench law`, `workbench rules`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.cases import parse_day
from workbench.cli.options import settings
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

if TYPE_CHECKING:
    from workbench.domain.deadlines import RuleBook
    from workbench.domain.law import LawRegister

law_app = typer.Typer(help=_("法规库：期限、理由和文书引用的每一条法律条文"
                             "（名称、条号、原文、有效期、来源、是否核实）。"),
                      no_args_is_help=True)
rules_app = typer.Typer(help=_("期限规则（按阶段进入之日适用的版本）。"), no_args_is_help=True)
app.add_typer(law_app, name="law")
app.add_typer(rules_app, name="rules")

OnOption = Annotated[str | None, typer.Option(
    "--on", metavar="YYYY-MM-DD", help=_("按这一天的有效版本（默认：今天）。"))]


def _today_or(raw: str | None) -> date:
    from workbench.domain.clock import SystemClock

    return parse_day(raw) or SystemClock().today()


def _law(ctx: typer.Context) -> tuple[LawRegister, RuleBook]:
    from workbench.services.law import load_law

    loaded = settings(ctx).settings
    return load_law(loaded.law_register_file, loaded.deadline_rules_file)


@law_app.command("list", help=_("列出法规库条目：id、引用、有效期、是否核实。"))
def law_list(ctx: typer.Context, on: OnOption = None,
             everything: Annotated[bool, typer.Option(
                 "--all", help=_("列出所有版本，包括已失效的。"))] = False) -> None:
    from workbench.services.law import law_lines

    register, _rules = _law(ctx)
    day = _today_or(on)
    lines = law_lines(register, day, everything=everything)
    for line in lines:
        mark = _("已核实") if line.verified else _("未核实")
        state = "" if line.in_force else _("  （当日不在有效期内）")
        say(f"{line.id:<28} {mark}  {line.citation}  [{line.period}]{state}")
    verified = sum(1 for line in lines if line.verified)
    say(_("共 {count} 条（{day}），已核实 {verified} 条，未核实 {unverified} 条。").format(
        count=len(lines), day=day.isoformat(), verified=verified,
        unverified=len(lines) - verified))


@law_app.command("show", help=_("显示一个条目的每个版本：原文、有效期、来源和说明。"))
def law_show(ctx: typer.Context,
             entry_id: Annotated[str, typer.Argument(
                 metavar="ID", help=_("条目 id，如 cpl.art46。"))],
             on: OnOption = None) -> None:
    from workbench.services.law import law_entry

    register, _rules = _law(ctx)
    for line in law_entry(register, entry_id, _today_or(on)):
        say(f"{line.citation}（{line.id}）")
        say(_("  有效期：{period}{state}").format(
            period=line.period, state="" if line.in_force else _("（当日不在有效期内）")))
        say(_("  核实：{verified}；来源：{source}").format(
            verified=_("已核实") if line.verified else _("未核实"), source=line.source))
        if line.caution:
            say(_("  注意：{caution}").format(caution=line.caution))
        for paragraph in line.text.splitlines():
            say(f"  {paragraph}")
        if line.note:
            say(_("  说明：{note}").format(note=line.note))


@rules_app.command("show",
                   help=_("打印某日适用的期限规则表（阶段、适用情形、期限、依据、是否核实）。"))
def rules_show(ctx: typer.Context, on: OnOption = None) -> None:
    from workbench.services.law import rule_lines

    register, rules = _law(ctx)
    day = _today_or(on)
    say(_("{day} 适用的期限规则：").format(day=day.isoformat()))
    for line in rule_lines(rules, register, day):
        selector = f"（{line.selector}）" if line.selector else ""
        mark = "" if line.verified else _("  [未核实]")
        say(f"{line.stage}{selector}  {line.label}：{line.figure}{mark}")
        say(_("    依据：{basis}  有效期：{period}").format(
            basis="；".join(line.basis), period=line.period))
