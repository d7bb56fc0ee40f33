"""`workbench litigation`: a case's court-paper details (the provider's are set with
`workbench provider set`, in cli/providers.py)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from workbench.cli.cases import case_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _


@app.command(help=_("登记或查看案件的诉讼信息（民事起诉状、支持起诉意见书使用）。"))
def litigation(
    ctx: typer.Context, ref: str,
    court: Annotated[str | None, typer.Option("--court", help=_("受诉人民法院。"))] = None,
    agent: Annotated[str | None, typer.Option(
        "--agent", help=_("委托诉讼代理人（姓名、单位、电话；空字符串表示无）。"))] = None,
    contract: Annotated[str | None, typer.Option(
        "--contract", help=_("合同签订情况（名称、时间、地点、主要约定）。"))] = None,
    performance: Annotated[str | None, typer.Option(
        "--performance", help=_("合同履行情况。"))] = None,
    clause: Annotated[str | None, typer.Option(
        "--clause", help=_("涉案合同条款：出处和内容，如“《POS机服务协议》第8条："
                           "……”（登记后才引用格式条款的规定；空字符串表示无）。"))] = None,
    merchant_uscc: Annotated[str | None, typer.Option(
        "--merchant-uscc", help=_("个体工商户字号的统一社会信用代码。"))] = None,
    business_place: Annotated[str | None, typer.Option(
        "--business-place", help=_("个体工商户的经营场所。"))] = None,
    mediation: Annotated[str | None, typer.Option(
        "--mediation", help=_("是否愿意先行调解：yes、no 或 unsure。"))] = None,
    e_service: Annotated[bool | None, typer.Option(
        "--e-service/--no-e-service", help=_("是否接受电子送达（短信至投诉人手机）。"))] = None,
    cause: Annotated[str | None, typer.Option(
        "--cause", help=_("案由（默认按投诉类别）。"))] = None,
    ethnicity: Annotated[str | None, typer.Option("--ethnicity", help=_("投诉人的民族。"))] = None,
    address: Annotated[str | None, typer.Option("--address", help=_("投诉人的住所。"))] = None,
) -> None:
    from workbench.domain.vocabulary import LitigationKey as K
    from workbench.errors import RuleViolation
    from workbench.services import litigation as service

    changes: dict[str, Any] = {}
    for key, value in ((K.COURT, court), (K.AGENT, agent), (K.CONTRACT, contract),
                       (K.PERFORMANCE, performance), (K.E_SERVICE, e_service),
                       (K.CLAUSE, clause), (K.MERCHANT_USCC, merchant_uscc),
                       (K.BUSINESS_PLACE, business_place)):
        if value is not None:
            changes[key] = value
    if mediation is not None:
        choices = {"yes": True, "no": False, "unsure": None}
        if mediation not in choices:
            raise RuleViolation(_("--mediation 只能是 yes、no 或 unsure，"
                                  "而不是「{mediation}」。").format(mediation=mediation),
                                _("例如 --mediation yes。"))
        changes[K.MEDIATION] = choices[mediation]
    wb, case = case_workbench(ctx, ref)
    if changes or any(v is not None for v in (cause, ethnicity, address)):
        view = service.set_litigation(wb, case.id, case.version, changes, ethnicity=ethnicity,
                                      address=address, cause=cause)
    else:
        view = service.litigation_of(wb, case.id)
    from workbench.terminal_text import clean

    say(_("{ref} 的诉讼信息：").format(ref=clean(view.ref)))
    for label, value in view.lines:
        say(f"  {label}：{clean(value) or _('（未填）')}")
