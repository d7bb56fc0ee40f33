"""The acceptance decision on the command line: `accept`, `request-material`, `refuse`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from workbench.cli.cases import case_workbench, parse_day
from workbench.cli.choices import RefusalGroundOption
from workbench.cli.output import say
from workbench.cli.root import app

NoteOpt = Annotated[str, typer.Option("--note", help="说明 (记入事件).")]
NoticeOpt = Annotated[bool, typer.Option("--notice", help="同时导出通知书 (.docx).")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Folder for the notice "
                                             "(default: filings_dir).")]


def _report(wb: Any, result: Any, notice: bool, kind: str, out: Path | None) -> None:
    say(result.message)
    if notice:
        from workbench.services import filings

        exported = filings.export(wb, result.case_id, kind, out or wb.filings_dir
                                  or Path("filings"), style_file=wb.filings_style)
        say(f"通知书 {exported.doc_no} → {exported.path}")


@app.command()
def accept(ctx: typer.Context, ref: str, note: NoteOpt = "", notice: NoticeOpt = False,
           out: OutOpt = None) -> None:
    """受理: accept a complaint at intake; the case moves to the provider rung."""
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.accept(wb, case.id, case.version, note=note), notice,
            "acceptance_notice", out)


@app.command("request-material")
def request_material(
    ctx: typer.Context, ref: str,
    items: Annotated[list[str], typer.Option("--items", help="需补正的材料 (可重复).")],
    by: Annotated[str, typer.Option("--by", help="补正期限 (YYYY-MM-DD), 晚于今天.")],
    notice: NoticeOpt = False, out: OutOpt = None,
) -> None:
    """通知补正: ask the complainant for missing material by a date; stays at intake."""
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.request_material(wb, case.id, case.version, items, parse_day(by)),
            notice, "material_notice", out)


ReasonOpt = Annotated[str, typer.Option(
    "--reason", help="具体理由 (印在不予受理告知书上; outside_competence 必填).")]


@app.command()
def refuse(ctx: typer.Context, ref: str, ground: RefusalGroundOption, note: NoteOpt = "",
           reason: ReasonOpt = "", notice: NoticeOpt = False, out: OutOpt = None) -> None:
    """不予受理: refuse on a coded ground (checked against the case's facts); closes it."""
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.refuse(wb, case.id, case.version, str(ground), note=note,
                                  reason=reason), notice, "refusal_notice", out)
