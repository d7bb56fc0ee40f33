"""Evidence files on the command line: add one to a case, correct what the evidence list
says of it, verify every stored file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.cases import case_workbench, parse_day
from workbench.cli.choices import EvidenceKindOption
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.domain.categories import original_label
from workbench.i18n import _

evidence_app = typer.Typer(help=_("证据文件：添加、修改、校验。"), no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

ProvesOption = Annotated[str | None, typer.Option("--proves",
                                                  help=_("证明对象：该证据证明的事实。"))]
PagesOption = Annotated[int | None, typer.Option(
    "--pages", help=_("页数（默认：PDF 按实际页数，图片 1 页）。"))]
OriginalOption = Annotated[bool | None, typer.Option(
    "--original/--copy", help=_("原件或复印件（默认复印件）。"))]
CarrierOption = Annotated[str | None, typer.Option(
    "--carrier", help=_("载体，如 U盘、光盘；纸质不填。"))]


@evidence_app.command("add", help=_("把文件复制到证据库，并登记到案件。"))
def evidence_add(
    ctx: typer.Context, ref: str, path: Path,
    kind: EvidenceKindOption,
    title: Annotated[str, typer.Option("--title", help=_("证据名称。"))],
    source: Annotated[str, typer.Option("--source", help=_("证据来源。"))] = "",
    obtained: Annotated[str | None, typer.Option(
        "--obtained", help=_("取得日期。"))] = None,
    description: Annotated[str, typer.Option("--description", help=_("说明。"))] = "",
    proves: ProvesOption = None, pages: PagesOption = None, original: OriginalOption = None,
    carrier: CarrierOption = None,
) -> None:
    from workbench.services.evidence import add_evidence

    day = parse_day(obtained)
    wb, case = case_workbench(ctx, ref)
    assert wb.blobs is not None
    row = add_evidence(wb, wb.blobs, case.id, case.version, path, kind=kind, title=title,
                       source=source, obtained_on=day, description=description,
                       proves=proves or "", pages=pages, original=bool(original),
                       carrier=carrier or "", max_bytes=wb.evidence_max_bytes)
    say(_("{ref}：证据 #{id} {media_type} {size:,} 字节 sha256 {sha256}… 页数 {pages}，"
          "{original}").format(
              ref=case.ref, id=row.id, media_type=row.media_type, size=row.size,
              sha256=row.sha256[:12], pages=row.pages or _("未知"),
              original=original_label(row.original, row.carrier)))


@evidence_app.command("set", help=_("更正一项证据的证明对象、页数、"
                                    "原件/复印件或载体（记入案件历史）。"))
def evidence_set(
    ctx: typer.Context, ref: str,
    number: Annotated[int, typer.Argument(metavar="N",
                                          help=_("证据编号（证据页签和 add 显示的 #N）。"))],
    proves: ProvesOption = None, pages: PagesOption = None, original: OriginalOption = None,
    carrier: CarrierOption = None,
) -> None:
    from workbench.domain.vocabulary import EvidenceField
    from workbench.services.evidence import set_evidence

    wb, case = case_workbench(ctx, ref)
    changed = set_evidence(wb, case.id, case.version, number, proves=proves, pages=pages,
                           original=original, carrier=carrier)
    if not changed:
        say(_("{ref}：证据 #{number} 无变化。").format(ref=case.ref, number=number))
        return
    names = "、".join(EvidenceField.label_of(name) for name in changed)
    say(_("{ref}：证据 #{number} 已修改：{names}。").format(
        ref=case.ref, number=number, names=names))


@evidence_app.command("verify", help=_("重新计算每个证据文件的校验值；有缺失或被改动的，"
                                       "逐个列出并以状态 9 退出。"))
def evidence_verify(ctx: typer.Context) -> None:
    from workbench.errors import VerificationFailed
    from workbench.services.evidence import verify_evidence

    wb = open_workbench(ctx, existing=True)
    assert wb.blobs is not None
    problems = verify_evidence(wb, wb.blobs)
    temps = wb.blobs.temp_files(older_than=float("inf"))  # older ones went at start
    if temps:
        say(_("证据库中有 {count} 个正在导入（或十分钟内中断）的临时文件，"
              "下次启动时清除中断的。").format(count=len(temps)), err=True)
    for problem in problems:
        say(f"BROKEN  {problem.message}", err=True)
    if problems:
        raise VerificationFailed(_("evidence verify：{count} 个证据文件缺失或被改动。").format(
            count=len(problems)),
                                 _("请从证据文件夹的备份中恢复这些文件。"))
    say(_("evidence verify：正常，每个证据文件都与其校验值相符。"))
