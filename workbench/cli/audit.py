"""The history on the command line: `audit verify`, `audit anchor`, `audit access`, and
`reveal` (one personal-data field in full, with a reason, recorded in the access log)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.choices import argument
from workbench.cli.options import open_workbench, settings
from workbench.cli.output import say, write_file
from workbench.cli.root import app
from workbench.domain.vocabulary import PersonalField
from workbench.i18n import _
from workbench.terminal_text import clean

audit_app = typer.Typer(help=_("案件历史（只增不改）：校验、锚点、个人信息访问记录。"),
                        no_args_is_help=True)
app.add_typer(audit_app, name="audit")

PersonalFieldArgument = Annotated[PersonalField, argument(PersonalField, "FIELD",
                                                         what=_("个人信息"))]
_DAYS = re.compile(r"^(\d{1,5})d$")


@audit_app.command("verify", help=_("校验哈希链、锚点，并将每件案件与其事件重放比对；"
                                      "有问题时逐条列出并以非零状态退出。"))
def audit_verify(ctx: typer.Context) -> None:
    from workbench.errors import VerificationFailed
    from workbench.services.audit import verify_history

    labels = {"chain": "BROKEN ", "anchor": "ANCHOR ", "replay": "REPLAY "}

    def report(kind: str, message: str) -> None:
        say(f"{labels[kind]} {clean(message)}", err=True)

    summary = verify_history(settings(ctx), report)
    if summary.problems:
        raise VerificationFailed(_("audit verify：案件历史中有 {problems} 处问题。").format(
            problems=summary.problems),
                                 _("请从备份恢复数据库，并查明谁有过访问权限。"))
    anchored = (_("{anchors} 个锚点相符").format(anchors=summary.anchors) if summary.anchors
                else _("{anchor_file} 中尚无锚点").format(anchor_file=summary.anchor_file))
    say(_("audit verify：正常，共 {events:,} 个事件，哈希链完整，{anchored}，"
          "每件案件与其事件重放一致。").format(events=summary.events, anchored=anchored))


@audit_app.command("anchor", help=_("把哈希链的当前状态（事件数、最后事件、哈希、时间）"
                                    "追加到锚点文件。"))
def audit_anchor(ctx: typer.Context) -> None:
    from workbench.services.audit import anchor_now

    anchor = anchor_now(settings(ctx))
    say(_("锚点已记录：{count:,} 个事件，最后 #{seq} {hash}…，{at}").format(
        count=anchor.count, seq=anchor.seq, hash=anchor.hash[:16], at=anchor.at))


def _since(raw: str, now: datetime) -> datetime:
    """`30d` (days back from now) or a date YYYY-MM-DD (from its start, China time)."""
    from workbench.domain.clock import at_local
    from workbench.errors import RuleViolation

    match = _DAYS.match(raw.strip())
    if match:
        return now - timedelta(days=int(match.group(1)))
    from workbench.cli.cases import parse_day

    day = parse_day(raw)
    if day is None:
        raise RuleViolation(_("请给出时间范围。"), _("例如 --since 30d 或 --since 2026-11-01。"))
    return at_local(day, 0, 0)


@audit_app.command("access", help=_("谁在何时、为何查看或导出了谁的个人信息（负责人、管理员）。"))
def audit_access(
    ctx: typer.Context,
    since: Annotated[str, typer.Option(
        "--since", help=_("从何时起：30d（最近 30 天）或 YYYY-MM-DD。"))] = "30d",
    until: Annotated[str | None, typer.Option("--until", help=_("到何时为止（不含）：同上。"))]
    = None,
    user: Annotated[str | None, typer.Option("--user", metavar="LOGIN",
                                             help=_("只看这个登录名的操作。"))] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", metavar="FILE",
                                              help=_("同时写入 Excel 文件（.xlsx）。"))] = None,
) -> None:
    from workbench.services.audit import ACCESS_COLUMNS, access_cells, access_log

    wb = open_workbench(ctx)
    now = wb.now()
    entries = access_log(wb, _since(since, now), _since(until, now) if until else None,
                         user)
    say("  ".join(_(column) for column in ACCESS_COLUMNS))
    for entry in entries:
        say("  ".join(clean(cell) for cell in access_cells(entry)))
    say(_("共 {count} 条。").format(count=len(entries)))
    if xlsx is not None:
        from workbench.services.audit import write_access_xlsx

        write_file(xlsx, lambda path: write_access_xlsx(entries, path))


@app.command(help=_("完整显示案件的一项个人信息；查看连同理由记入访问记录。"))
def reveal(ctx: typer.Context, ref: str, field: PersonalFieldArgument,
           reason: Annotated[str, typer.Option(
               "--reason", help=_("为什么需要查看（必填，记入个人信息访问记录）。"))]) -> None:
    from workbench.cli.cases import case_workbench
    from workbench.services.cases import reveal_personal_data

    wb, case = case_workbench(ctx, ref)
    say(clean(reveal_personal_data(wb, case.id, field.value, reason)))
