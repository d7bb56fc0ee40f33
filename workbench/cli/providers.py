"""`workbench providers list|show|add|edit|merge|alias`: the provider registry; and
`workbench provider set`, the older spelling of `providers edit` (one code path)."""

from __future__ import annotations

from typing import Annotated

import typer

from workbench.cli.choices import option
from workbench.cli.options import open_workbench
from workbench.cli.output import say
from workbench.cli.root import app
from workbench.domain.vocabulary import ProviderKind
from workbench.i18n import _

providers_app = typer.Typer(help=_("服务商登记：列出、查看、新增、修改、合并、别名。"),
                            no_args_is_help=True)
app.add_typer(providers_app, name="providers")
provider_app = typer.Typer(help=_("服务商资料（同 workbench providers edit）。"),
                           no_args_is_help=True)
app.add_typer(provider_app, name="provider")

NameArgument = Annotated[str, typer.Argument(help=_("服务商全称、简称或别名。"))]
Text = str | None
KindOption = Annotated[ProviderKind | None, option(ProviderKind, "--kind", what=_("类型"))]
ShortOption = Annotated[Text, typer.Option("--short-name", help=_("简称。"))]
UsccOption = Annotated[Text, typer.Option("--uscc", help=_("统一社会信用代码。"))]
LicenceOption = Annotated[Text, typer.Option(
    "--licence", help=_("支付业务许可证编号（支付机构：Z加13位数字）或金融许可证号。"))]
AddressOption = Annotated[Text, typer.Option("--address", help=_("住所地（注册地址）。"))]
CountyOption = Annotated[Text, typer.Option(
    "--county", help=_("住所地所在区县，如 深圳市南山区（默认按住所地推定）。"))]
HotlineOption = Annotated[Text, typer.Option("--hotline", help=_("客服电话。"))]
SuperiorOption = Annotated[Text, typer.Option(
    "--superior", help=_("上级机构（持牌机构或收单银行；空字符串表示无）。"))]
RepresentativeOption = Annotated[Text, typer.Option(
    "--legal-representative", help=_("法定代表人。"))]
BureauOption = Annotated[Text, typer.Option(
    "--market-bureau", help=_("所在地（县级）市场监督管理局。"))]
RegulatorOption = Annotated[Text, typer.Option(
    "--regulator", help=_("属地金融监管机构（人民银行分行或金融监管总局派出机构）。"))]
RenameOption = Annotated[Text, typer.Option("--name", help=_("改为新的全称。"))]


def _changes(**fields: object) -> dict[str, str]:
    return {field: str(value) for field, value in fields.items() if value is not None}


@providers_app.command("list", help=_("已登记的服务商：全称、简称、类型、上级机构、案件数。"))
def providers_list(
    ctx: typer.Context, kind: KindOption = None,
    search: Annotated[str, typer.Option(
        "--search", help=_("名称、简称或别名中的文字（也找相近的名称）。"))] = "",
) -> None:
    from workbench.services import registry

    rows = registry.list_providers(open_workbench(ctx, existing=True),
                                   kind=kind.value if kind else None, search=search)
    for row in rows:
        superior = _("  上级：{name}").format(name=row.superior) if row.superior else ""
        say(f"{row.name}  {row.short_name or '-'}  {row.kind_label}{superior}  "
            + _("{n} 件").format(n=row.cases))
    say(_("共 {n} 个服务商。").format(n=len(rows)))


@providers_app.command("show", help=_("一个服务商的登记资料、最近的案件和变更记录。"))
def providers_show(ctx: typer.Context, name: NameArgument) -> None:
    from workbench.services import registry

    detail = registry.provider_detail(open_workbench(ctx, existing=True), name)
    for label, value in detail.lines:
        say(f"{label}：{value or _('（未填）')}")
    if detail.recent_cases:
        say(_("最近的案件（queue 中用 provider:{name} 筛选）：").format(name=detail.name))
        for case in detail.recent_cases[:10]:
            say(f"  {case.ref}  {case.stage_label}  {case.title}")
    if detail.history:
        say(_("变更记录："))
        for line in detail.history:
            say(f"  {line.at:%Y-%m-%d %H:%M}  {line.actor}  {line.text}")


@providers_app.command("add", help=_("登记新的服务商（负责人、管理员）。"))
def providers_add(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help=_("服务商全称。"))],
    kind: KindOption = None, short_name: ShortOption = None, uscc: UsccOption = None,
    licence: LicenceOption = None, address: AddressOption = None,
    county: CountyOption = None, hotline: HotlineOption = None,
    superior: SuperiorOption = None, legal_representative: RepresentativeOption = None,
    market_bureau: BureauOption = None, regulator: RegulatorOption = None,
) -> None:
    from workbench.services import registry_edit

    changes = _changes(kind=kind.value if kind else None, short_name=short_name, uscc=uscc,
                       licence_no=licence, address=address, county=county, hotline=hotline,
                       superior=superior, legal_representative=legal_representative,
                       market_bureau=market_bureau, regulator=regulator)
    fields = registry_edit.add_provider(open_workbench(ctx, existing=True), name, changes)
    say(_("已登记服务商 {name}").format(name=name.strip())
        + (_("：{fields}").format(fields="、".join(_(f) for f in fields)) if fields else "。"))


@providers_app.command("edit", help=_("修改服务商资料（负责人、管理员；记入审计）；"
                                      "加 --new 登记尚未登记的服务商。"))
@provider_app.command("set", help=_("修改服务商资料（同 workbench providers edit）；"
                                    "加 --new 登记新的服务商。"))
def providers_edit(
    ctx: typer.Context, name: NameArgument, rename: RenameOption = None,
    kind: KindOption = None, short_name: ShortOption = None, uscc: UsccOption = None,
    licence: LicenceOption = None, address: AddressOption = None,
    county: CountyOption = None, hotline: HotlineOption = None,
    superior: SuperiorOption = None, legal_representative: RepresentativeOption = None,
    market_bureau: BureauOption = None, regulator: RegulatorOption = None,
    new: Annotated[bool, typer.Option(
        "--new", help=_("尚未登记时新增该服务商（如分公司的总公司）。"))] = False,
) -> None:
    from workbench.errors import NotFound
    from workbench.services import registry, registry_edit

    changes = _changes(name=rename, kind=kind.value if kind else None, short_name=short_name,
                       uscc=uscc, licence_no=licence, address=address, county=county,
                       hotline=hotline, superior=superior,
                       legal_representative=legal_representative,
                       market_bureau=market_bureau, regulator=regulator)
    wb = open_workbench(ctx, existing=True)
    try:
        registry.resolve_id(wb, name)
    except NotFound as exc:
        if not new:
            more = _("登记新的服务商（如分公司的总公司）请加 --new。")
            raise NotFound(exc.message, exc.hint + more) from exc
        fields = registry_edit.add_provider(wb, name, changes)
        say(_("已登记服务商 {name}").format(name=name.strip())
            + (_("：{fields}").format(fields="、".join(_(f) for f in fields)) if fields else "。"))
        return
    shown, changed = registry_edit.edit_provider(wb, name, changes)
    say(_("已修改 {provider}：{fields}").format(
        provider=shown, fields="、".join(_(f) for f in changed)) if changed
        else _("没有变化。"))


@providers_app.command("merge", help=_("把 FROM 并入 INTO：案件和下级机构移到 INTO，"
                                       "FROM 的名称留作 INTO 的别名（负责人、管理员）。"))
def providers_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FROM", help=_("被合并的服务商。"))],
    into: Annotated[str, typer.Argument(metavar="INTO", help=_("保留的服务商。"))],
    reason: Annotated[str, typer.Option("--reason", help=_("合并的理由。"))] = "",
) -> None:
    from workbench.services import registry_edit

    result = registry_edit.merge(open_workbench(ctx, existing=True), source, into, reason)
    say(_("已将 {source} 并入 {into}，移动案件 {n} 件；{source} 已作为别名保留。").format(
        source=result.from_name, into=result.into_name, n=result.cases))


@providers_app.command("alias", help=_("为服务商添加别名（--remove 删除）；"
                                       "别名可用于查找和登记案件（负责人、管理员）。"))
def providers_alias(
    ctx: typer.Context, name: NameArgument,
    alias: Annotated[str, typer.Argument(help=_("别名。"))],
    remove: Annotated[bool, typer.Option("--remove", help=_("删除这个别名。"))] = False,
) -> None:
    from workbench.services import registry_edit

    shown = registry_edit.set_alias(open_workbench(ctx, existing=True), name, alias,
                                    remove=remove)
    say((_("已删除 {name} 的别名「{alias}」。") if remove
         else _("已为 {name} 添加别名「{alias}」。")).format(name=shown, alias=alias.strip()))
