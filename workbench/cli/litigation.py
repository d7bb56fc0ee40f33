"""`workbench litigation` (a case's court-paper details) and `workbench provider set`
(the registry fields letters are addressed from)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from workbench.cli.cases import case_workbench
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.i18n import _

provider_app = typer.Typer(help=_("服务商资料：法定代表人、所在地市场监管局、属地金融监管机构。"),
                           no_args_is_help=True)
app.add_typer(provider_app, name="provider")

Text = Annotated[str | None, typer.Option()]


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


@provider_app.command("set", help=_("修改服务商资料（记入审计）；加 --new 登记新的服务商。"))
def provider_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=_("服务商全称。"))],
    legal_representative: Annotated[str | None, typer.Option(
        "--legal-representative", help=_("法定代表人。"))] = None,
    market_bureau: Annotated[str | None, typer.Option(
        "--market-bureau", help=_("所在地（县级）市场监督管理局。"))] = None,
    regulator: Annotated[str | None, typer.Option(
        "--regulator", help=_("属地金融监管机构（人民银行分行或金融监管总局派出机构）。"))] = None,
    address: Annotated[str | None, typer.Option("--address", help=_("住所地。"))] = None,
    hotline: Annotated[str | None, typer.Option("--hotline", help=_("客服电话。"))] = None,
    uscc: Annotated[str | None, typer.Option("--uscc", help=_("统一社会信用代码。"))] = None,
    new: Annotated[bool, typer.Option(
        "--new", help=_("尚未登记时新增该服务商（如分公司的总公司）。"))] = False,
) -> None:
    from workbench.services.litigation import update_provider

    changes = {k: v for k, v in (("legal_representative", legal_representative),
                                 ("market_bureau", market_bureau), ("regulator", regulator),
                                 ("address", address), ("hotline", hotline), ("uscc", uscc))
               if v is not None}
    wb = open_workbench(ctx, existing=True)
    changed = update_provider(wb, name, changes, create=new)
    from workbench.terminal_text import clean

    say(_("已修改 {provider}：{fields}").format(
        provider=clean(name.strip()), fields="、".join(changed)) if changed else _("没有变化。"))
