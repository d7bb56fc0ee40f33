"""Ending a mediation on the command line: an agreement, a termination, the mediator."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from workbench.cli.cases import case_workbench, parse_day
from workbench.cli.choices import GroundOption, MediatorArgument, NextStageOption
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

mediation_app = typer.Typer(help=_("结束调解：达成协议、终止调解、调解方式。"),
                            no_args_is_help=True)
app.add_typer(mediation_app, name="mediation")

OutOpt = Annotated[Path | None, typer.Option("--out", help=_("文书输出目录（默认 filings_dir）。"))]


def _fen(raw: str, what: str) -> int:
    from workbench.domain.validators import ValidationError, yuan_to_fen
    from workbench.errors import RuleViolation

    try:
        return yuan_to_fen(raw)
    except ValidationError as exc:
        raise RuleViolation(f"{what}：{exc.message}",
                            _("以元为单位填写，最多两位小数，如 500.00。")) from exc


def _yuan(fen: int) -> str:
    return _("{yuan:,.2f} 元").format(yuan=fen / 100)


def _export(wb: Any, case_id: int, kind: str, out: Path | None) -> None:
    from workbench.services import filings

    folder = out or wb.filings_dir or Path("filings")
    exported = filings.export(wb, case_id, kind, folder, style_file=wb.filings_style)
    say(_("已生成文书 {doc_no} → {path}").format(
        doc_no=exported.doc_no or "", path=exported.path).replace("  ", " "))


@mediation_app.command("agree", help=_("达成调解协议并结案（全部挽回为已解决，"
                                       "少于请求金额为部分解决）。"))
def agree(ctx: typer.Context, ref: str,
          terms: Annotated[str, typer.Option("--terms", help=_("调解协议内容。"))],
          recovered: Annotated[str, typer.Option("--recovered", help=_("挽回金额（元）。"))],
          punitive: Annotated[str, typer.Option(
              "--punitive", help=_("其中加倍赔偿（元）。"))] = "0",
          perform_by: Annotated[str | None, typer.Option("--perform-by",
                                help=_("履行期限（日期）。"))] = None,
          document: Annotated[bool, typer.Option("--document",
                              help=_("同时生成调解协议书。"))] = False,
          out: OutOpt = None) -> None:
    from workbench.services import mediation

    recovered_fen, punitive_fen = _fen(recovered, _("挽回金额")), _fen(punitive, _("加倍赔偿"))
    day = parse_day(perform_by)
    wb, case = case_workbench(ctx, ref)
    end = mediation.record_agreement(wb, case.id, case.version, terms, recovered_fen,
                                     punitive_fen, day)
    text = _("{ref}：{result}，{stage}（{outcome}），挽回 {amount}").format(
        ref=end.ref, result=end.result_label, stage=end.stage_label,
        outcome=end.outcome_label, amount=_yuan(end.recovered_fen))
    if end.punitive_fen:
        text += _("，其中加倍赔偿 {amount}").format(amount=_yuan(end.punitive_fen))
    if end.perform_by:
        text += _("，履行期限 {perform_by}").format(perform_by=end.perform_by)
    say(text + "。")
    if document:
        _export(wb, end.case_id, "mediation_agreement", out)


@mediation_app.command("end", help=_("终止调解（理由引用法规库条文），可同时转入下一阶段。"))
def end(ctx: typer.Context, ref: str, ground: GroundOption,
        note: Annotated[str, typer.Option("--note", help=_("说明。"))] = "",
        then: NextStageOption = None,
        notice: Annotated[bool, typer.Option(
            "--notice", help=_("同时生成终止调解告知书。"))] = False,
        out: OutOpt = None) -> None:
    from workbench.services import mediation

    wb, case = case_workbench(ctx, ref)
    result = mediation.terminate(wb, case.id, case.version, ground, note, then)
    say(_("{ref}：终止调解——{ground}。").format(ref=result.ref, ground=result.ground_label))
    for citation in result.citations:
        say(_("  依据：{citation}{state}").format(
            citation=citation.short, state="" if citation.verified else _("（条文未核实）")))
    if result.notify_by:
        say(_("  请于 {notify_by} 前告知双方当事人。").format(notify_by=result.notify_by))
    if result.still_needed:
        say(_("  未转入下一阶段：{reason}").format(reason=result.still_needed), err=True)
    say(_("  当前阶段：{stage_label}。").format(stage_label=result.stage_label))
    if result.stage == "mediation":
        for step in result.next_steps:
            say(_("  下一步：{label}").format(label=step.label))
    if notice:
        _export(wb, result.case_id, "termination_notice", out)


@mediation_app.command("mediator", help=_("设置调解方式（消协自行调解 / 市场监管部门委托调解）。"))
def mediator(ctx: typer.Context, ref: str, who: MediatorArgument) -> None:
    from workbench.services import mediation

    wb, case = case_workbench(ctx, ref)
    mediation.set_mediator(wb, case.id, case.version, who)
    say(_("{ref}：调解方式为「{label}」。").format(ref=case.ref, label=who.label))
