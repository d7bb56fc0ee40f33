"""The acceptance decision on the command line: `accept`, `request-material`, `refuse`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from workbench.cli.cases import case_workbench, parse_day
from workbench.cli.choices import RefusalGroundOption
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

NoteOpt = Annotated[str, typer.Option("--note", help=_("说明（记入事件）。"))]
NoticeOpt = Annotated[bool, typer.Option("--notice", help=_("同时导出通知书（.docx）。"))]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", help=_("通知书的存放目录（默认：filings_dir）。"))]


def _report(wb: Any, result: Any, notice: bool, kind: str, out: Path | None) -> None:
    say(result.message)
    if notice:
        from workbench.services import filings

        exported = filings.export(wb, result.case_id, kind, out or wb.filings_dir
                                  or Path("filings"), style_file=wb.filings_style)
        say(_("通知书 {doc_no} → {path}").format(doc_no=exported.doc_no, path=exported.path))


@app.command(help=_("受理：在受理登记阶段受理投诉，案件转入服务商协商。"))
def accept(ctx: typer.Context, ref: str, note: NoteOpt = "", notice: NoticeOpt = False,
           out: OutOpt = None) -> None:
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.accept(wb, case.id, case.version, note=note), notice,
            "acceptance_notice", out)


@app.command("request-material",
             help=_("通知补正：请投诉人在期限前补交材料，案件留在受理登记阶段。"))
def request_material(
    ctx: typer.Context, ref: str,
    items: Annotated[list[str], typer.Option("--items", help=_("需补正的材料（可重复）。"))],
    by: Annotated[str, typer.Option("--by", help=_("补正期限（YYYY-MM-DD），须晚于今天。"))],
    notice: NoticeOpt = False, out: OutOpt = None,
) -> None:
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.request_material(wb, case.id, case.version, items, parse_day(by)),
            notice, "material_notice", out)


ReasonOpt = Annotated[str, typer.Option(
    "--reason", help=_("具体理由（印在不予受理告知书上；outside_competence 必填）。"))]


@app.command(help=_("不予受理：按编码的理由不予受理（对照案件事实检查），并结案。"))
def refuse(ctx: typer.Context, ref: str, ground: RefusalGroundOption, note: NoteOpt = "",
           reason: ReasonOpt = "", notice: NoticeOpt = False, out: OutOpt = None) -> None:
    from workbench.services import acceptance

    wb, case = case_workbench(ctx, ref)
    _report(wb, acceptance.refuse(wb, case.id, case.version, str(ground), note=note,
                                  reason=reason), notice, "refusal_notice", out)
