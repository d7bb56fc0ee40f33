"""Evidence files on the command line: add one to a case, verify every stored file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.cases import case_workbench, parse_day
from workbench.cli.choices import EvidenceKindOption
from workbench.cli.options import open_workbench
from workbench.cli.root import app

evidence_app = typer.Typer(help="Evidence files: add, verify.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context, ref: str, path: Path,
    kind: EvidenceKindOption,
    title: Annotated[str, typer.Option("--title")],
    source: Annotated[str, typer.Option("--source", help="Where it came from.")] = "",
    obtained: Annotated[str | None, typer.Option("--obtained", help="Date obtained.")] = None,
    description: Annotated[str, typer.Option("--description")] = "",
    proves: Annotated[str, typer.Option("--proves", help="Which demand it supports.")] = "",
) -> None:
    """Copy a file into the evidence store and record it for a case."""
    from workbench.services.evidence import add_evidence

    day = parse_day(obtained)
    wb, case = case_workbench(ctx, ref)
    assert wb.blobs is not None
    row = add_evidence(wb, wb.blobs, case.id, case.version, path, kind=kind, title=title,
                       source=source, obtained_on=day, description=description,
                       proves=proves, max_bytes=wb.evidence_max_bytes)
    typer.echo(f"{case.ref}: evidence #{row.id} {row.media_type} {row.size:,} bytes "
               f"sha256 {row.sha256[:12]}…")


@evidence_app.command("verify")
def evidence_verify(ctx: typer.Context) -> None:
    """Re-hash every stored evidence file; exit 9 naming each missing or altered one."""
    from workbench.errors import VerificationFailed
    from workbench.services.evidence import verify_evidence

    wb = open_workbench(ctx)
    assert wb.blobs is not None
    problems = verify_evidence(wb, wb.blobs)
    for problem in problems:
        typer.echo(f"BROKEN  {problem.message}", err=True)
    if problems:
        raise VerificationFailed(f"evidence verify: {len(problems)} 个证据文件缺失或被改动。",
                                 "请从证据文件夹的备份中恢复这些文件。")
    typer.echo("evidence verify: OK, every stored file matches its hash.")
