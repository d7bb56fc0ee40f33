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

evidence_app = typer.Typer(help="Evidence files: add, set, verify.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

ProvesOption = Annotated[str | None, typer.Option("--proves",
                                                  help="证明对象：该证据证明的事实。")]
PagesOption = Annotated[int | None, typer.Option(
    "--pages", help="页数（默认：PDF 按实际页数，图片 1 页）。")]
OriginalOption = Annotated[bool | None, typer.Option(
    "--original/--copy", help="原件或复印件（默认复印件）。")]
CarrierOption = Annotated[str | None, typer.Option(
    "--carrier", help="载体，如 U盘、光盘；纸质不填。")]


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context, ref: str, path: Path,
    kind: EvidenceKindOption,
    title: Annotated[str, typer.Option("--title")],
    source: Annotated[str, typer.Option("--source", help="Where it came from.")] = "",
    obtained: Annotated[str | None, typer.Option("--obtained", help="Date obtained.")] = None,
    description: Annotated[str, typer.Option("--description")] = "",
    proves: ProvesOption = None, pages: PagesOption = None, original: OriginalOption = None,
    carrier: CarrierOption = None,
) -> None:
    """Copy a file into the evidence store and record it for a case."""
    from workbench.services.evidence import add_evidence

    day = parse_day(obtained)
    wb, case = case_workbench(ctx, ref)
    assert wb.blobs is not None
    row = add_evidence(wb, wb.blobs, case.id, case.version, path, kind=kind, title=title,
                       source=source, obtained_on=day, description=description,
                       proves=proves or "", pages=pages, original=bool(original),
                       carrier=carrier or "", max_bytes=wb.evidence_max_bytes)
    say(f"{case.ref}: evidence #{row.id} {row.media_type} {row.size:,} bytes "
         f"sha256 {row.sha256[:12]}… 页数 {row.pages or '未知'}，"
         f"{original_label(row.original, row.carrier)}")


@evidence_app.command("set")
def evidence_set(
    ctx: typer.Context, ref: str,
    number: Annotated[int, typer.Argument(metavar="N",
                                          help="证据编号（证据页签和 add 显示的 #N）。")],
    proves: ProvesOption = None, pages: PagesOption = None, original: OriginalOption = None,
    carrier: CarrierOption = None,
) -> None:
    """Correct an evidence item's 证明对象, 页数, 原件/复印件 or 载体 (recorded in the history)."""
    from workbench.domain.vocabulary import EvidenceField
    from workbench.services.evidence import set_evidence

    wb, case = case_workbench(ctx, ref)
    changed = set_evidence(wb, case.id, case.version, number, proves=proves, pages=pages,
                           original=original, carrier=carrier)
    if not changed:
        say(f"{case.ref}: 证据 #{number} 无变化。")
        return
    names = "、".join(EvidenceField.label_of(name) for name in changed)
    say(f"{case.ref}: 证据 #{number} 已修改：{names}。")


@evidence_app.command("verify")
def evidence_verify(ctx: typer.Context) -> None:
    """Re-hash every stored evidence file; exit 9 naming each missing or altered one."""
    from workbench.errors import VerificationFailed
    from workbench.services.evidence import verify_evidence

    wb = open_workbench(ctx, existing=True)
    assert wb.blobs is not None
    problems = verify_evidence(wb, wb.blobs)
    temps = wb.blobs.temp_files(older_than=float("inf"))  # older ones went at start
    if temps:
        say(f"证据库中有 {len(temps)} 个正在导入（或十分钟内中断）的临时文件，"
                   "下次启动时清除中断的。", err=True)
    for problem in problems:
        say(f"BROKEN  {problem.message}", err=True)
    if problems:
        raise VerificationFailed(f"evidence verify: {len(problems)} 个证据文件缺失或被改动。",
                                 "请从证据文件夹的备份中恢复这些文件。")
    say("evidence verify：正常，每个证据文件都与其校验值相符。")
