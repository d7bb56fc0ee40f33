"""The law register and the deadline rules in force: `workbench law`, `workbench rules`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.cases import parse_day
from workbench.cli.options import settings
from workbench.cli.output import say
from workbench.cli.root import app

if TYPE_CHECKING:
    from workbench.domain.deadlines import RuleBook
    from workbench.domain.law import LawRegister

law_app = typer.Typer(help="法规库：期限、理由和文书引用的每一条法律条文"
                           "（名称、条号、原文、有效期、来源、是否核实）。", no_args_is_help=True)
rules_app = typer.Typer(help="期限规则（按阶段进入之日适用的版本）。", no_args_is_help=True)
app.add_typer(law_app, name="law")
app.add_typer(rules_app, name="rules")

OnOption = Annotated[str | None, typer.Option(
    "--on", metavar="YYYY-MM-DD", help="按这一天的有效版本（默认：今天）。")]


def _today_or(raw: str | None) -> date:
    from workbench.domain.clock import SystemClock

    return parse_day(raw) or SystemClock().today()


def _law(ctx: typer.Context) -> tuple[LawRegister, RuleBook]:
    from workbench.services.law import load_law

    loaded = settings(ctx).settings
    return load_law(loaded.law_register_file, loaded.deadline_rules_file)


@law_app.command("list")
def law_list(ctx: typer.Context, on: OnOption = None,
             everything: Annotated[bool, typer.Option(
                 "--all", help="列出所有版本，包括已失效的。")] = False) -> None:
    """列出法规库条目：id、引用、有效期、是否核实。"""
    from workbench.services.law import law_lines

    register, _rules = _law(ctx)
    day = _today_or(on)
    lines = law_lines(register, day, everything=everything)
    for line in lines:
        mark = "已核实" if line.verified else "未核实"
        state = "" if line.in_force else "  （当日不在有效期内）"
        say(f"{line.id:<28} {mark}  {line.citation}  [{line.period}]{state}")
    verified = sum(1 for line in lines if line.verified)
    say(f"共 {len(lines)} 条（{day.isoformat()}），已核实 {verified} 条，"
         f"未核实 {len(lines) - verified} 条。")


@law_app.command("show")
def law_show(ctx: typer.Context,
             entry_id: Annotated[str, typer.Argument(metavar="ID", help="条目 id，如 cpl.art46。")],
             on: OnOption = None) -> None:
    """显示一个条目的每个版本：原文、有效期、来源和说明。"""
    from workbench.services.law import law_entry

    register, _rules = _law(ctx)
    for line in law_entry(register, entry_id, _today_or(on)):
        say(f"{line.citation}（{line.id}）")
        say(f"  有效期：{line.period}{'' if line.in_force else '（当日不在有效期内）'}")
        say(f"  核实：{'已核实' if line.verified else '未核实'}；来源：{line.source}")
        if line.caution:
            say(f"  注意：{line.caution}")
        for paragraph in line.text.splitlines():
            say(f"  {paragraph}")
        if line.note:
            say(f"  说明：{line.note}")


@rules_app.command("show")
def rules_show(ctx: typer.Context, on: OnOption = None) -> None:
    """打印某日适用的期限规则表（阶段、适用情形、期限、依据、是否核实）。"""
    from workbench.services.law import rule_lines

    register, rules = _law(ctx)
    day = _today_or(on)
    say(f"{day.isoformat()} 适用的期限规则：")
    for line in rule_lines(rules, register, day):
        selector = f"（{line.selector}）" if line.selector else ""
        mark = "" if line.verified else "  [未核实]"
        say(f"{line.stage}{selector}  {line.label}：{line.figure}{mark}")
        say(f"    依据：{'；'.join(line.basis)}  有效期：{line.period}")
