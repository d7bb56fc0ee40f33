"""The provider registry, write side: add, edit, aliases and merging two providers.
Registry data is a supervisor's or an admin's (intake still registers a new provider with
its case); every change is an audited case-less event, a merge also one on each moved
case."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.domain import events
from workbench.domain import validators as v
from workbench.domain.ladder import Role
from workbench.domain.regions import county_of
from workbench.domain.vocabulary import ProviderKind
from workbench.errors import RuleViolation
from workbench.i18n import N_, _
from workbench.services.cases import reindex
from workbench.services.context import Workbench
from workbench.services.identity import role_of
from workbench.services.providers import load_index
from workbench.services.registry import resolve
from workbench.store.audit import ChainWriter
from workbench.store.models import Case, Provider, ProviderAlias
from workbench.terminal_text import CONTROL

# field → (label, the column's length); `superior` is a provider's name
FIELDS: dict[str, tuple[str, int]] = {
    "name": (N_("全称"), 200), "short_name": (N_("简称"), 100), "kind": (N_("类型"), 30),
    "uscc": (N_("统一社会信用代码"), 18), "licence_no": (N_("支付业务许可证编号"), 60),
    "address": (N_("住所地"), 300), "county": (N_("所在区县"), 60),
    "hotline": (N_("客服电话"), 40), "superior": (N_("上级机构"), 200),
    "legal_representative": (N_("法定代表人"), 100),
    "market_bureau": (N_("所在地市场监督管理局"), 100),
    "regulator": (N_("属地金融监管机构"), 100)}


@dataclass(frozen=True, slots=True)
class MergeResult:
    from_name: str
    into_name: str
    cases: int


def require_registrar(session: Session, wb: Workbench) -> None:
    """Only a supervisor or an admin may change registry data."""
    if role_of(session, wb.actor) not in (Role.SUPERVISOR, Role.ADMIN):
        raise RuleViolation(_("{actor} 不能修改服务商登记：只有负责人和管理员可以。").format(
                                actor=wb.actor),
                            _("请负责人或管理员修改或合并服务商。"))


def check_registrar(wb: Workbench) -> None:
    """Refuse (RuleViolation) unless the actor may change registry data: asked before a
    screen opens its dialogs, so nobody fills in a form that will be refused."""
    with wb.store.session() as session:
        require_registrar(session, wb)


def _text(value: str, field: str) -> str:
    label, limit = FIELDS[field]
    text = str(value).strip()
    if len(text) > limit:
        raise RuleViolation(_("{label}过长（{n} 字，上限 {limit}）。").format(
                                label=_(label), n=len(text), limit=limit), _("请精简后重试。"))
    if CONTROL.search(text):
        raise RuleViolation(_("{label}含有非法字符。").format(label=_(label)),
                            _("请删去控制字符后重试。"))
    return text


def _checked(check: object, text: str, hint: str) -> str:
    try:
        return check(text) if text else ""  # type: ignore[operator]
    except v.ValidationError as exc:
        raise RuleViolation(exc.message, hint) from exc


def _kind(text: str) -> str:
    for member in ProviderKind:
        if text in (member.value, member.label):
            return member.value
    raise RuleViolation(_("没有「{kind}」这种服务商类型。").format(kind=text),
                        _("可选：") + "、".join(f"{m.value}（{m.label}）" for m in ProviderKind))


def _superior(session: Session, provider: Provider, text: str) -> int | None:
    """The superior named by `text` ("" clears it); refused when it would make a cycle."""
    if not text:
        return None
    superior = resolve(session, text)
    up: Provider | None = superior
    seen: set[int] = set()
    while up is not None and up.id not in seen:
        if up.id == provider.id:
            raise RuleViolation(
                _("「{superior}」不能作为「{name}」的上级机构：上下级关系会形成循环。").format(
                    superior=superior.name, name=provider.name),
                _("上级机构应是持牌机构或收单银行，而不是它的下级。"))
        seen.add(up.id or 0)
        up = session.get(Provider, up.superior_id) if up.superior_id else None
    return superior.id


def _taken(session: Session, name: str, provider: Provider | None) -> None:
    other = session.execute(select(Provider).where(
        col(Provider.name) == name, col(Provider.merged_into_id).is_(None))).scalars().first()
    alias = session.execute(select(ProviderAlias).where(col(ProviderAlias.alias) == name)
                            ).scalars().first()
    if (other is not None and other is not provider) or (
            alias is not None and (provider is None or alias.provider_id != provider.id)):
        raise RuleViolation(_("「{name}」已是登记的服务商名称或别名。").format(name=name),
                            _("用 workbench providers show 查看它，或换一个名称。"))


def _apply(session: Session, provider: Provider, changes: Mapping[str, str]) -> list[str]:
    """Validate and set the changes; the labels of what changed, in FIELDS order."""
    unknown = sorted(set(changes) - set(FIELDS))
    if unknown:
        raise RuleViolation(_("未知的服务商字段：{items}。").format(items="、".join(unknown)),
                            _("可修改：") + "、".join(_(label) for label, _n in FIELDS.values()))
    new = {field: _text(changes[field], field) for field in FIELDS if field in changes}
    if "name" in new:
        if not new["name"]:
            raise RuleViolation(_("服务商全称不能为空。"), _("请填写营业执照上的名称。"))
        _taken(session, new["name"], provider)
    if "kind" in new:
        new["kind"] = _kind(new["kind"])
    if "uscc" in new:
        new["uscc"] = _checked(v.uscc, new["uscc"], _("请核对营业执照上的统一社会信用代码。"))
    if "hotline" in new:
        new["hotline"] = _checked(v.hotline, new["hotline"], _("例如 400-123-4567 或 95516。"))
    kind = new.get("kind", provider.kind)
    if "licence_no" in new and kind == ProviderKind.PAYMENT_INSTITUTION:
        new["licence_no"] = _checked(v.payment_licence, new["licence_no"],
                                     _("支付机构的许可证编号见中国人民银行网站的已获许可机构名录。"))
    if "address" in new and "county" not in new and (
            not provider.county or provider.county == county_of(provider.address)):
        new["county"] = county_of(new["address"])  # presumed from the address
    changed = []
    for field, value in new.items():
        if field == "superior":
            superior_id = _superior(session, provider, value)
            if provider.superior_id != superior_id:
                provider.superior_id = superior_id
                changed.append(FIELDS[field][0])
        elif getattr(provider, field) != value:
            setattr(provider, field, value)
            changed.append(FIELDS[field][0])
    return changed


def _write(wb: Workbench, name: str, changes: Mapping[str, str], *, create: bool
           ) -> tuple[str, list[str]]:
    index = load_index(wb)
    with wb.store.write() as session:
        require_registrar(session, wb)
        chain = wb.chain(session)
        if create:
            text = _text(name, "name")
            if not text:
                raise RuleViolation(_("服务商全称不能为空。"), _("请填写营业执照上的名称。"))
            _taken(session, text, None)
            provider = Provider(name=text, kind=ProviderKind.AGENT.value)
            session.add(provider)
            session.flush()
            chain.append(events.provider_added(provider.id, provider.name), wb.actor)
        else:
            provider = resolve(session, name, index)
        changed = _apply(session, provider, changes)
        if changed:
            session.flush()
            chain.append(events.provider_updated(provider_id=provider.id, name=provider.name,
                                                 fields=changed), wb.actor)
        chain.close()
        return provider.name, changed


def add_provider(wb: Workbench, name: str, changes: Mapping[str, str]) -> list[str]:
    """Register a provider (`provider_added`, then `provider_updated` for the fields
    given); returns the labels of the fields set."""
    return _write(wb, name, changes, create=True)[1]


def edit_provider(wb: Workbench, name: str, changes: Mapping[str, str]) -> tuple[str, list[str]]:
    """Change a provider's registry fields (FIELDS codes → text; "" clears); `name` is
    resolved like `registry.resolve`. Returns its name (after the change) and the labels
    changed, in one `provider_updated` event."""
    return _write(wb, name, changes, create=False)


def set_alias(wb: Workbench, name: str, alias: str, *, remove: bool = False) -> str:
    """Give a provider another name it is found by (or take one away); returns the
    provider's name."""
    index = load_index(wb)
    with wb.store.write() as session:
        require_registrar(session, wb)
        chain = wb.chain(session)
        provider = resolve(session, name, index)
        assert provider.id is not None
        text = _text(alias, "name")
        row = session.execute(select(ProviderAlias).where(col(ProviderAlias.alias) == text)
                              ).scalars().first()
        if remove:
            if row is None or row.provider_id != provider.id:
                raise RuleViolation(_("「{alias}」不是「{name}」的别名。").format(
                                        alias=text, name=provider.name),
                                    _("用 workbench providers show 查看它的别名。"))
            session.delete(row)
        else:
            if not text:
                raise RuleViolation(_("别名不能为空。"), _("请写出别名。"))
            if row is not None and row.provider_id == provider.id:
                return provider.name
            _taken(session, text, None)
            session.add(ProviderAlias(provider_id=provider.id, alias=text))
        chain.append(events.provider_alias(provider_id=provider.id, name=provider.name,
                                           alias=text, removed=remove), wb.actor)
        session.flush()
        chain.close()
        return provider.name


def _move_links(session: Session, source: Provider, into: Provider) -> None:
    """Superior links and earlier merges of `source` now point at `into`."""
    for child in session.execute(select(Provider).where(
            col(Provider.superior_id) == source.id)).scalars():
        if child.id == into.id:  # INTO was under FROM: it takes FROM's place
            child.superior_id = source.superior_id if source.superior_id != into.id else None
        else:
            child.superior_id = into.id
    for earlier in session.execute(select(Provider).where(
            col(Provider.merged_into_id) == source.id)).scalars():
        earlier.merged_into_id = into.id
    for alias in session.execute(select(ProviderAlias).where(
            col(ProviderAlias.provider_id) == source.id)).scalars():
        alias.provider_id = into.id or 0


def _move_cases(wb: Workbench, session: Session, chain: ChainWriter, source: Provider,
                into: Provider, event: events.NewEvent) -> int:
    cases = list(session.execute(select(Case).where(col(Case.provider_id) == source.id)
                                 .order_by(col(Case.id))).scalars())
    for case in cases:
        case.provider_id = into.id or 0
        case.updated_at, case.updated_by = chain.at, wb.actor
        chain.append(event, wb.actor, case_id=case.id)
    session.flush()
    for case in cases:
        reindex(session, case)
    return len(cases)


def merge(wb: Workbench, source_name: str, into_name: str, reason: str = "") -> MergeResult:
    """Merge FROM into INTO: every case and superior link of FROM moves to INTO, FROM's
    name (and aliases) become INTO's aliases, FROM is kept (merged) for the history. One
    `provider_merged` event in both providers' history and one on each moved case."""
    index = load_index(wb)
    reason = _text(reason, "name") if reason else ""
    with wb.store.write() as session:
        require_registrar(session, wb)
        source = resolve(session, source_name, index)
        into = resolve(session, into_name, index)
        assert source.id is not None and into.id is not None
        if source.id == into.id:
            raise RuleViolation(_("「{a}」和「{b}」是同一个服务商。").format(
                                    a=source_name.strip(), b=into_name.strip()),
                                _("请写出要合并的两个不同服务商。"))
        chain = wb.chain(session)
        count = session.execute(select(func.count()).select_from(Case).where(
            col(Case.provider_id) == source.id)).scalar_one()
        event = events.provider_merged(from_id=source.id, from_name=source.name,
                                       into_id=into.id, into_name=into.name, reason=reason,
                                       cases=count)
        moved = _move_cases(wb, session, chain, source, into, event)
        _move_links(session, source, into)
        source.merged_into_id = into.id
        source.superior_id = None
        session.flush()
        known = session.execute(select(ProviderAlias).where(
            col(ProviderAlias.alias) == source.name)).scalars().first()
        if known is None and source.name != into.name:
            session.add(ProviderAlias(provider_id=into.id, alias=source.name))
        chain.append(event, wb.actor)
        session.flush()
        chain.close()
        return MergeResult(source.name, into.name, moved)
