"""Choices from the domain's enums: `--help` lists every code with its Chinese label, a value
may be given as the code (any case) or the label, and a wrong one names the valid ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Annotated, Any

import typer

from workbench.domain.categories import EvidenceKind
from workbench.domain.ladder import Body, Outcome, Stage
from workbench.domain.law.grounds import load_grounds
from workbench.domain.vocabulary import (
    Coded,
    ContactChannel,
    DisputeScope,
    IndustryBody,
    Mediator,
)
from workbench.filings.documents import FilingKind
from workbench.i18n import _

AUTO = "auto"  # export: the first document the case's stage offers


def _labelled(members: Iterable[StrEnum], extra: dict[str, str]) -> list[tuple[str, str]]:
    pairs = [(str(member), str(getattr(member, "label", ""))) for member in members]
    return pairs + list(extra.items())


def listing(enum: type[StrEnum], extra: dict[str, str] | None = None) -> str:
    """`intake（受理登记）, provider（服务商协商）, …` for help texts and error messages
    (separated by spaces so help wraps between choices, not inside a code)."""
    return ", ".join(f"{code}（{label}）" if label else code
                    for code, label in _labelled(enum, extra or {}))


def parser(enum: type[StrEnum], what: str,
           extra: dict[str, str] | None = None) -> Callable[[str], Any]:
    """Parse a code (any case) or a Chinese label into the enum member (or an `extra` code)."""
    table: dict[str, Any] = {}
    for member in enum:
        table[str(member).casefold()] = member
        label = str(getattr(member, "label", ""))
        if label:
            table[label] = member
    for code in extra or {}:
        table[code.casefold()] = code

    def parse(raw: str) -> Any:
        text = str(raw).strip()
        found = table.get(text.casefold(), table.get(text))
        if found is None:
            raise typer.BadParameter(_("没有这个{what}：{text!r}。可选：{choices}").format(
                what=what, text=text, choices=listing(enum, extra)))
        return found

    return parse


def metavar(enum: type[StrEnum], extra: dict[str, str] | None = None) -> str:
    return "<" + "|".join(code for code, _label in _labelled(enum, extra or {})) + ">"


def option(enum: type[StrEnum], *decls: str, what: str, help: str = "",
           extra: dict[str, str] | None = None) -> Any:
    """A `typer.Option` choosing one member of `enum`."""
    return typer.Option(*decls, parser=parser(enum, what, extra), metavar=metavar(enum, extra),
                        help=f"{help} {what}: {listing(enum, extra)}".strip())


def argument(enum: type[StrEnum], name: str, *, what: str, help: str = "") -> Any:
    """A `typer.Argument` taking one or more members of `enum` (its type line lists them)."""
    return typer.Argument(parser=parser(enum, what), metavar=name,
                          help=f"{help} {what}: {listing(enum)}".strip())


StageOption = Annotated[Stage, option(Stage, "--to", what=_("阶段"), help=_("目标"))]
OutcomeOption = Annotated[Outcome, option(Outcome, "--outcome", what=_("结案结果"))]
BodyOption = Annotated[IndustryBody | None, option(
    IndustryBody, "--body", what=_("行业监管机构"),
    help=_("转到行业监管时：案件送往的机构（决定适用的期限）。"))]
ChannelOption = Annotated[ContactChannel, option(ContactChannel, "--channel",
                                                 what=_("联系方式"))]
CounterpartStageOption = Annotated[Stage, option(
    Stage, "--stage", what=_("阶段"), help=_("联系的是哪个阶段的对方（默认 provider）。"))]
EvidenceKindOption = Annotated[EvidenceKind, option(EvidenceKind, "--kind",
                                                    what=_("证据类型"))]
FilingKindOption = Annotated[str, option(
    FilingKind, "--kind", what=_("文书类型"),
    help=_("默认 auto：案件当前阶段提供的第一种文书。"), extra={AUTO: _("按阶段自动选择")})]
BodiesArgument = Annotated[list[Body], argument(
    Body, "BODY", what=_("机构"), help=_("已受理此争议的机构（行政阶段前登记）。"))]


def _termination_codes() -> dict[str, str]:
    from workbench.domain.law.grounds import load_grounds

    return {g.code: g.label for g in load_grounds().termination.values()}


class _Codes(StrEnum):
    """Placeholder so `parser`/`listing` can take the grounds' codes as `extra` choices."""


TERMINATION_GROUNDS = _termination_codes()
GroundOption = Annotated[str, option(_Codes, "--ground", what=_("终止调解理由"),
                                     extra=TERMINATION_GROUNDS)]
NextStageOption = Annotated[Stage | None, option(
    Stage, "--then", what=_("下一阶段"),
    help=_("终止调解后转入（industry 或 legal；legal 需负责人批准）。"))]
ScopeArgument = Annotated[DisputeScope, typer.Argument(
    parser=parser(DisputeScope, _("争议性质")), metavar="SCOPE",
    help=_("争议性质：{choices}").format(choices=listing(DisputeScope)))]
MediatorArgument = Annotated[Mediator, typer.Argument(
    parser=parser(Mediator, _("调解方式")), metavar="MEDIATOR",
    help=_("调解方式：{choices}").format(choices=listing(Mediator)))]
# The refusal grounds are data (grounds.toml): their codes and labels make the choice.
RefusalGround = Coded("RefusalGround", [  # type: ignore[arg-type]
    (code.upper(), (code, g.label)) for code, g in load_grounds().refusal.items()])
RefusalGroundOption = Annotated[StrEnum, option(RefusalGround, "--ground",
                                                what=_("不予受理理由"))]
