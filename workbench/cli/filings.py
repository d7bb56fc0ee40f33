"""`workbench filings`: the 发文登记 and the clean-up after an interrupted export."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from workbench.cli.options import open_workbench
from workbench.cli.output import say, write_file
from workbench.cli.root import app
from workbench.i18n import _

filings_app = typer.Typer(help=_("已出具的文书：发文登记（按文号）、中断导出的清理。"),
                          no_args_is_help=True)
app.add_typer(filings_app, name="filings")


@filings_app.command("register",
                      help=_("发文登记：本会出具的文书，按文号排列（草稿和不编号的文书不列入）。"))
def register_command(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option(
        "--year", min=2000, max=9999, help=_("年份（默认：今年）。"))] = None,
    xlsx: Annotated[Path | None, typer.Option(
        "--xlsx", metavar="FILE", help=_("同时写入 Excel 文件（.xlsx）。"))] = None,
) -> None:
    from workbench.services.register import REGISTER_COLUMNS, register, write_xlsx
    from workbench.terminal_text import clean

    wb = open_workbench(ctx, existing=True)
    report = register(wb, year or wb.today().year, style_file=wb.filings_style)
    widths = (6, 22, 10, 20, 16, 24, 0)
    say(_line(REGISTER_COLUMNS, widths))
    for row in report.rows:
        say(_line((str(row.number or ""), row.doc_no, row.issued_on.isoformat(),
                    row.kind, row.case_ref, row.addressee, row.created_by),
                         widths, clean))
    say(_("共 {count} 份（{year} 年）。").format(count=len(report.rows), year=report.year))
    if report.warning:
        say(report.warning, err=True)
    if xlsx is not None:
        write_file(xlsx, lambda path: write_xlsx(report, path))


@filings_app.command("sweep",
                      help=_("处理中断的导出留下的临时文件：已登记的移到原名，未登记的删除。"))
def sweep_command(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(
        "--out", help=_("文书目录（默认：filings_dir）。"))] = None,
) -> None:
    from workbench.services.filings import SWEEP_GRACE_S, sweep_temps

    wb = open_workbench(ctx, existing=True)
    folder = out or wb.filings_dir or Path("filings")
    result = sweep_temps(wb, folder)  # a younger temp file may be an export still running
    say(_("{folder}：{result}（{minutes} 分钟内的临时文件可能属于进行中的导出，不处理）。").format(
        folder=folder, result=result.message or _("没有需要处理的临时文件"),
        minutes=SWEEP_GRACE_S // 60))


def _line(cells: tuple[str, ...], widths: tuple[int, ...],
          sanitise: Callable[[str], str] = str) -> str:
    """Cells padded to display widths (a CJK character takes two columns)."""
    out = []
    for cell, width in zip(cells, widths, strict=True):
        text = sanitise(cell)
        pad = width - sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        out.append(text + " " * max(pad, 1) if width else text)
    return "".join(out).rstrip()
