"""`workbench export`: formal Word filings for one or more cases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.choices import AUTO, FilingKindOption
from workbench.cli.options import open_workbench
from workbench.cli.output import say, say_progress
from workbench.cli.root import app
from workbench.i18n import _

if TYPE_CHECKING:
    from workbench.services.context import Workbench


@app.command(help=_("导出正式文书（Word）；一个案件失败不影响其他案件。"))
def export(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(
        help=_("一个或多个案件编号（共同投诉的投诉函：共同投诉的名称）。"))],
    kind: FilingKindOption = AUTO,
    out: Annotated[Path | None, typer.Option(
        "--out", help=_(".docx 文件的存放目录（默认：filings_dir）。"))] = None,
    include_personal: Annotated[bool, typer.Option(
        "--include-personal", help=_("印出完整的身份证号和手机号（记入审计）；默认打码。"
                                     "投诉人签署的文书和起诉状总是完整。"))] = False,
    addressee: Annotated[str | None, typer.Option(
        "--addressee", help=_("收件单位（默认按案件资料选择；--check 列出可选）。"))] = None,
    court: Annotated[str | None, typer.Option(
        "--court", help=_("受诉人民法院（起诉状、支持起诉意见书）。"))] = None,
    check: Annotated[bool, typer.Option(
        "--check",
        help=_("只做导出前检查：列出收件单位、阻止项和提示，不写文件、不编号。"))] = False,
    draft: Annotated[bool, typer.Option(
        "--draft",
        help=_("草稿：不编号，每页印「草稿」，文件名带（草稿）；仍记入案件历史。"))] = False,
) -> None:
    from workbench.cli.cases import found_case
    from workbench.errors import RuleViolation
    from workbench.services import filings

    wb = open_workbench(ctx, existing=True)
    if check:
        _check(wb, refs, kind, include_personal, court or addressee)
        return
    ids = []
    for ref in refs:
        if kind == GROUP_LETTER and (lead := group_lead(wb, ref)) is not None:
            ids.append(lead)  # a joint complaint's name: its one letter
            continue
        case = found_case(wb, ref)
        assert case.id is not None
        ids.append(case.id)
    folder = out or wb.filings_dir or Path("filings")
    swept = filings.sweep_temps(wb, folder)  # what an interrupted export left behind
    if swept.message:
        say(f"{folder}: {swept.message}。", err=True)

    def progress(done: int, total: int) -> None:
        if total > 1:
            say_progress(f"  {done:,}/{total:,}")

    result = filings.export_many(wb, ids, kind, folder, include_personal=include_personal,
                                 style_file=wb.filings_style, progress=progress,
                                 addressee=court or addressee, draft=draft)
    if len(ids) > 1:
        say("", err=True)
    for line in result.done:
        say(_("已导出  {line}").format(line=line))
    for ref, why in result.refused:
        say(_("未导出  {ref}：{why}").format(ref=ref, why=why), err=True)
    say(_("{written} 份已写入 {folder}，{refused} 份未导出。").format(
        written=len(result.done), folder=folder, refused=len(result.refused)))
    if result.refused:
        raise RuleViolation(_("{count} 个案件的文书未能导出（原因见上）。").format(
            count=len(result.refused)),
                            _("按每行说明处理后，重新导出这些案件。"))


GROUP_LETTER = "group_complaint_letter"


def group_lead(wb: Workbench, name: str) -> int | None:
    """The case a joint complaint's letter is filed under, when `name` is a group's."""
    from workbench.errors import NotFound
    from workbench.services import groups

    try:
        return groups.lead_case(wb, name)
    except NotFound:
        return None


def _check(wb: Workbench, refs: list[str], kind: str, include_personal: bool,
           addressee: str | None) -> None:
    """`export --check`: the pre-flight of each case, nothing written."""
    from workbench.cli.cases import found_case
    from workbench.errors import RuleViolation
    from workbench.services import filings
    from workbench.terminal_text import clean

    blocked = 0
    for ref in refs:
        case = found_case(wb, ref)
        assert case.id is not None
        chosen = filings.resolve_kind(wb, case.id, kind)
        options = filings.addressee_options(wb, case.id, chosen)
        checked = filings.check_export(wb, case.id, chosen,
                                       include_personal=include_personal,
                                       style_file=wb.filings_style,
                                       addressee=addressee)
        say(f"{clean(case.ref)} {chosen.label}：")
        if addressee and addressee.strip() not in {o.name for o in options}:
            say(_("  收件单位（指定）：{addressee}").format(addressee=clean(addressee.strip())))
        for n, option in enumerate(options, 1):
            default = _("（默认）") if n == 1 and not addressee else ""
            say(_("  收件单位{default}：{addressee}").format(
                default=default, addressee=clean(option.label)))
        for line in checked.blockers:
            say(f"  ✗ {clean(line)}")
        for line in checked.warnings:
            say(f"  ! {clean(line)}")
        if checked.ok:
            say(_("  ✓ 可以导出"))
        blocked += not checked.ok
    if blocked:
        raise RuleViolation(_("{blocked} 个案件的文书不能导出（原因见上）。").format(
            blocked=blocked), _("逐项处理后重新检查。"))
