"""`workbench import`: cases from a spreadsheet or a 12315 export (README › Import)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from workbench.cli.choices import option
from workbench.cli.options import open_workbench
from workbench.cli.output import say, say_progress
from workbench.cli.root import app
from workbench.domain.ladder import Priority
from workbench.i18n import _

if TYPE_CHECKING:
    from workbench.services.imports import ImportReport

PROFILES_WORD = "profiles"  # `workbench import profiles` lists them (a file so named: ./profiles)
BAR = 24


def _bar(done: int, total: int) -> None:
    filled = BAR * done // total if total else BAR
    say_progress(_("导入 [{bar}] {done}/{total} 行").format(
        bar="#" * filled + "-" * (BAR - filled), done=done, total=total))


def _list_profiles() -> None:
    from workbench.imports.profiles import user_profiles_dir
    from workbench.services.imports import profiles

    for info in profiles():
        where = _("内置") if info.shipped else info.origin
        say(f"{info.name}  {info.label}  {where}")
        say(_("  列：{columns}").format(columns="、".join(info.columns)))
        say(_("  必填：{required}").format(required="、".join(info.required) or _("无")))
    say(_("自定义导入配置放在 {folder}（*.toml）。").format(folder=user_profiles_dir()))


def _show(report: ImportReport) -> None:
    from workbench.domain.vocabulary import ImportOutcome

    sheets = {r.sheet for r in report.rows}
    for row in report.rows:
        if not report.dry_run and row.outcome in (ImportOutcome.CREATE, ImportOutcome.IMPORTED):
            continue  # a real run lists what needs attention; the summary counts the rest
        where = f"{row.sheet}:{row.row}" if len(sheets) > 1 else str(row.row)
        say(f"{where}  {row.label}  {row.external_ref or '-'}  {row.title}  {row.detail}")


@app.command("import", help=_(
    "从 .xlsx、.csv 或 .txt 文件批量登记案件（如 12315 平台转办的投诉）。"
    "先用 --dry-run 查看每一行将新建、已导入、疑似重复还是被拒绝；"
    "再次导入同一文件不会重复登记。`workbench import profiles` 列出导入配置，"
    "`workbench import --template FILE.xlsx` 写出空白登记模板。"))
def import_(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        metavar="FILE", help=_("要导入的文件；写 profiles 则列出导入配置。"))] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help=_("导入配置的名称或 .toml 文件（默认：按表头自动选择）。"))] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=_("只列出每一行的结果，不写入。"))] = False,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help=_("文本文件的编码（默认自动识别 UTF-8、GBK/GB18030）。"))] = None,
    assign: Annotated[str | None, typer.Option(
        "--assign", help=_("新案件分配给此登录名的经办人。"))] = None,
    priority: Annotated[Priority | None, option(
        Priority, "--priority", what=_("优先级"), help=_("新案件的优先级。"))] = None,
    errors: Annotated[Path | None, typer.Option(
        "--errors", help=_("错误清单的路径（默认：FILE.errors.xlsx）。"))] = None,
    allow_duplicates: Annotated[bool, typer.Option(
        "--allow-duplicates", help=_("疑似与未结案件重复的行也照样登记。"))] = False,
    template: Annotated[Path | None, typer.Option(
        "--template", help=_("写出空白登记模板（含说明页）到此 .xlsx 文件，然后退出。"))] = None,
    yes: Annotated[bool, typer.Option("--yes", help=_("演示数据库中也导入，不再询问。"))]
    = False,
) -> None:
    from workbench.errors import RuleViolation
    from workbench.services import imports

    if template is not None:
        say(_("已写入 {written}").format(written=imports.write_template(
            template, profile or "template")))
        return
    if file is None:
        raise RuleViolation(_("请指定要导入的文件。"),
                            _("例如 workbench import 12315.xlsx --dry-run"))
    if str(file) == PROFILES_WORD:
        _list_profiles()
        return
    wb = open_workbench(ctx)  # any active caseworker, as the system knows them
    if wb.store.demo and not dry_run and not yes:
        from workbench.cli.cases import confirm_demo_intake

        confirm_demo_intake()
    show_bar = sys.stderr.isatty()
    report = imports.import_file(
        wb, file, profile=profile, dry_run=dry_run, encoding=encoding, assign=assign,
        priority=priority.value if priority else None, errors=errors,
        allow_duplicates=allow_duplicates, progress=_bar if show_bar else None)
    if show_bar:
        say("", err=True)
    _show(report)
    say(report.summary)
    if report.errors_path:
        say(_("未导入的行已写入 {path}：改正后可再次导入该文件。").format(path=report.errors_path))
