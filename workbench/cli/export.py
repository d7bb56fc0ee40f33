"""`workbench export`: formal Word filings for one or more cases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.choices import AUTO, FilingKindOption
from workbench.cli.options import open_workbench
from workbench.cli.root import app


@app.command()
def export(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(help="One or more case refs.")],
    kind: FilingKindOption = AUTO,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the .docx files "
                                             "(default: filings_dir).")] = None,
    include_personal: Annotated[bool, typer.Option(
        "--include-personal", help="Print the full ID number and phone (audited); "
        "masked by default.")] = False,
) -> None:
    """Export formal Word filings for cases; one failing case does not stop the others."""
    from workbench.errors import RuleViolation
    from workbench.services import filings
    from workbench.services.cases import find_case

    wb = open_workbench(ctx)
    ids = []
    for ref in refs:
        case = find_case(wb, ref)
        assert case.id is not None
        ids.append(case.id)
    folder = out or wb.filings_dir or Path("filings")

    def progress(done: int, total: int) -> None:
        if total > 1:
            typer.echo(f"\r  {done:,}/{total:,}", nl=False, err=True)

    result = filings.export_many(wb, ids, kind, folder, include_personal=include_personal,
                                 style_file=wb.filings_style, progress=progress)
    if len(ids) > 1:
        typer.echo("", err=True)
    for line in result.done:
        typer.echo(f"OK      {line}")
    for ref, why in result.refused:
        typer.echo(f"FAILED  {ref}: {why}", err=True)
    typer.echo(f"{len(result.done)} written to {folder}, {len(result.refused)} failed.")
    if result.refused:
        raise RuleViolation(f"{len(result.refused)} 个案件的文书未能导出（原因见上）。",
                            "按每行说明处理后，重新导出这些案件。")
