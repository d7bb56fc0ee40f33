"""The provider registry (issue 14 item 2): resolving names and aliases, validation,
merging on SQLite and PostgreSQL, registry data a supervisor's; the CLI."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case
from workbench.domain.clock import FrozenClock
from workbench.domain.ladder import Role
from workbench.errors import NotFound, RuleViolation
from workbench.services import cases, providers, registry, registry_edit
from workbench.services.context import Workbench
from workbench.store.models import Case, CaseEvent, Provider

BANK = "示例银行股份有限公司"
PI = "示例支付科技有限公司"
DUP = "示例支付科技公司"  # the same institution, typed differently at intake once
AGENT = "杭州示例汇通信息技术有限公司"


def office(wb: Workbench) -> None:
    """alice a supervisor, bob a caseworker; a bank, a payment institution under it, a
    duplicate of the institution, and an agent under the duplicate."""
    cases.ensure_caseworker(wb, "alice", role=Role.SUPERVISOR.value)
    cases.ensure_caseworker(wb, "bob")
    registry_edit.add_provider(wb, BANK, {"kind": "acquiring_bank", "short_name": "示例银行"})
    registry_edit.add_provider(wb, PI, {
        "kind": "payment_institution", "short_name": "示例支付", "superior": BANK,
        "uscc": "91330106MA2B0B2Y55", "licence_no": "z2004944000010",
        "address": "浙江省杭州市西湖区文三路1号", "hotline": "400-600-1234"})
    registry_edit.add_provider(wb, DUP, {"kind": "payment_institution"})
    registry_edit.add_provider(wb, AGENT, {"superior": DUP, "short_name": "示例汇通"})


def pid(wb: Workbench, name: str) -> int:
    with wb.store.session() as session:
        return session.execute(select(Provider.id).where(Provider.name == name)).scalar_one()


def test_fields_are_checked_and_the_county_presumed_from_the_address(wb: Workbench) -> None:
    office(wb)
    detail = registry.provider_detail(wb, PI)
    assert (detail.kind_label, detail.superior, detail.licence_no, detail.county) == (
        "支付机构", BANK, "Z2004944000010", "杭州市西湖区")
    bad = {"uscc": ("91330106MA2B0B2Y5A", "校验位不符"),
           "licence_no": ("Z20049440", "字母Z加13位数字"),
           "hotline": ("12", "不是有效的电话号码"),
           "kind": ("银行", "没有「银行」这种服务商类型"),
           "superior": (AGENT, "循环")}
    for field, (value, message) in bad.items():
        with pytest.raises(RuleViolation) as refused:
            registry_edit.edit_provider(wb, DUP, {field: value})
        assert message in refused.value.message, (field, refused.value.message)
    with pytest.raises(RuleViolation, match="形成循环"):
        registry_edit.edit_provider(wb, BANK, {"superior": PI})
    # a bank's 金融许可证 is not a PBOC payment licence: not held to that format
    registry_edit.edit_provider(wb, BANK, {"licence_no": "B0001H111000001"})
    assert registry_edit.edit_provider(wb, PI, {"hotline": "95516"})[1] == ["客服电话"]


def test_names_resolve_by_name_short_name_or_alias_and_near_ones_are_listed(
        wb: Workbench) -> None:
    office(wb)
    registry_edit.set_alias(wb, PI, "示例付")
    assert registry.provider_detail(wb, "示例付").name == PI
    assert registry.provider_detail(wb, "示例汇通").name == AGENT
    with pytest.raises(NotFound) as near:
        registry.provider_detail(wb, "示例支付科技有限工司")
    assert PI in near.value.hint
    # intake's completion finds a provider by its alias, and a typo'd name is matched
    assert providers.suggest(wb, "示例付")[0].name == PI
    assert PI in [m.name for m in providers.suggest(wb, "示例支付科技有限工司")[:2]]
    assert providers.check_new(wb, "示例付").registered is not None
    with pytest.raises(RuleViolation, match="已是登记的服务商名称或别名"):
        registry_edit.set_alias(wb, DUP, "示例付")
    registry_edit.set_alias(wb, PI, "示例付", remove=True)
    assert providers.check_new(wb, "示例付").registered is None


def test_merge_moves_cases_and_links_and_records_both_histories(wb: Workbench) -> None:
    office(wb)
    moved = [new_case(wb, provider_id=pid(wb, DUP), name=n) for n in ("张三", "李四")]
    kept = new_case(wb, provider_id=pid(wb, PI), name="王五")
    result = registry_edit.merge(wb, DUP, PI, reason="同一家支付机构")
    assert (result.from_name, result.into_name, result.cases) == (DUP, PI, 2)
    with wb.store.session() as session:
        assert {session.get(Case, c.id).provider_id for c in (*moved, kept)} == {pid(wb, PI)}
        agent = session.execute(select(Provider).where(Provider.name == AGENT)).scalar_one()
        assert agent.superior_id == pid(wb, PI)
        timeline = session.execute(select(CaseEvent).where(
            CaseEvent.kind == "provider_merged")).scalars().all()
    assert sorted(e.case_id for e in timeline if e.case_id) == sorted(c.id for c in moved)
    assert len([e for e in timeline if e.case_id is None]) == 1
    detail = registry.provider_detail(wb, DUP)  # the old name is an alias of PI now
    assert detail.name == PI and DUP in detail.aliases and detail.cases == 3
    assert AGENT in detail.subordinates
    texts = [line.text for line in detail.history]
    assert any("合并服务商" in t and "同一家支付机构" in t for t in texts)
    assert any(f"添加服务商 {DUP}" in t for t in texts)  # FROM's history goes with it
    assert [r.name for r in registry.list_providers(wb, kind="payment_institution")] == [PI]
    # the duplicate is gone from the index: a typo'd name is matched to the registered one
    assert providers.suggest(wb, "示例支付科技有限工司")[0].name == PI
    assert PI in registry.list_providers(wb, search="示例支付")[0].name
    with pytest.raises(RuleViolation, match="同一个服务商"):
        registry_edit.merge(wb, DUP, PI)


def test_a_caseworker_may_look_but_not_change_the_registry(wb: Workbench) -> None:
    office(wb)
    bob = Workbench(store=wb.store, actor="bob", clock=FrozenClock.on(TODAY))
    assert registry.list_providers(bob) and registry.provider_detail(bob, PI).name == PI
    for attempt in (lambda: registry_edit.merge(bob, DUP, PI),
                    lambda: registry_edit.edit_provider(bob, PI, {"hotline": "95516"}),
                    lambda: registry_edit.set_alias(bob, PI, "示例付"),
                    lambda: registry_edit.add_provider(bob, "新公司", {})):
        with pytest.raises(RuleViolation, match="只有负责人和管理员可以"):
            attempt()


def test_the_providers_commands(db_url: str) -> None:
    from workbench.cli import app

    runner = CliRunner()

    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", db_url, *args])

    first = run("people", "list")  # the creator (OS user or PostgreSQL role) is the admin
    assert first.exit_code == 0, first.output
    store = open_test_store(db_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    office(wb)
    new_case(wb, provider_id=pid(wb, DUP))
    store.dispose()

    listed = run("providers", "list", "--kind", "支付机构")
    assert listed.exit_code == 0 and PI in listed.output and DUP in listed.output, listed.output
    assert AGENT not in listed.output
    refused = run("--user", "bob", "providers", "merge", DUP, PI)
    assert refused.exit_code == 8 and "只有负责人和管理员可以" in refused.output
    merged = run("--user", "alice", "providers", "merge", DUP, PI, "--reason", "重复登记")
    assert merged.exit_code == 0 and "移动案件 1 件" in merged.output, merged.output
    aliased = run("providers", "alias", "示例支付", "示例付")
    assert aliased.exit_code == 0, aliased.output
    edited = run("provider", "set", "示例付", "--hotline", "400-600-9999")
    assert edited.exit_code == 0 and "客服电话" in edited.output, edited.output
    shown = run("providers", "show", DUP)
    assert shown.exit_code == 0 and "400-600-9999" in shown.output and "示例付" in shown.output
    assert "合并服务商" in shown.output and "案件数：1" in shown.output
    bad = run("providers", "edit", PI, "--licence", "Z123")
    assert bad.exit_code == 8 and "字母Z加13位数字" in bad.output, bad.output
    unknown = run("providers", "show", "示例支付科技有限工司")
    assert unknown.exit_code == 6 and PI in unknown.output
    added = run("providers", "add", "深圳市虚构科技有限公司", "--kind", "agent", "--superior",
                PI, "--address", "广东省深圳市南山区科技园1号")
    assert added.exit_code == 0, added.output
    assert "所在区县：深圳市南山区" in run("providers", "show", "深圳市虚构科技有限公司").output
