"""Provider suggestions: ranking, typos, short names and 字号, on SQLite and PostgreSQL."""

from __future__ import annotations

from workbench.domain.organisations import trade_name
from workbench.services import providers
from workbench.services.context import Workbench
from workbench.store.models import Provider

REGISTRY = [
    ("示例汇达支付有限公司", "示例汇达"),
    ("虚构汇达支付有限公司", "虚构汇达"),
    ("模拟汇达电子支付有限公司", "模拟汇达"),
    ("深圳市某某信息科技服务有限公司第三分公司", ""),  # no short name: found by its 字号
    ("示例银行股份有限公司", "示例银行"),
    ("拉卡拉支付股份有限公司", "拉卡拉"),
]


def register(wb: Workbench) -> dict[str, int]:
    with wb.store.write() as session:
        rows = [Provider(name=name, short_name=short, kind="payment_institution")
                for name, short in REGISTRY]
        session.add_all(rows)
        session.flush()
        return {row.name: row.id for row in rows if row.id is not None}


def names(matches: list[providers.ProviderMatch]) -> list[str]:
    return [m.name for m in matches]


def test_trade_name_drops_place_branch_trade_and_company_form() -> None:
    assert trade_name("深圳市某某信息科技服务有限公司第三分公司") == "某某"
    assert trade_name("南京市某某卓越信息科技服务有限公司鼓楼区营业部") == "某某卓越"
    assert trade_name("拉卡拉支付股份有限公司") == "拉卡拉"
    assert trade_name("示例汇达支付有限公司") == "示例汇达"


def test_the_full_name_and_the_short_name_come_first(wb: Workbench) -> None:
    ids = register(wb)
    found = providers.suggest(wb, "虚构汇达支付有限公司")
    assert found[0].name == "虚构汇达支付有限公司" and found[0].id == ids[found[0].name]
    assert names(providers.suggest(wb, "拉卡拉"))[0] == "拉卡拉支付股份有限公司"
    # a part shared by several: all of them, the ones starting with it first
    shared = names(providers.suggest(wb, "汇达"))
    assert set(shared[:3]) == {"示例汇达支付有限公司", "虚构汇达支付有限公司",
                               "模拟汇达电子支付有限公司"}
    assert names(providers.suggest(wb, "示例汇达"))[0] == "示例汇达支付有限公司"


def test_a_typo_finds_the_right_provider(wb: Workbench) -> None:
    register(wb)
    assert names(providers.suggest(wb, "示列汇达支付"))[0] == "示例汇达支付有限公司"
    assert names(providers.suggest(wb, "拉卡垃"))[0] == "拉卡拉支付股份有限公司"
    assert providers.suggest(wb, "完全无关的名字") == []
    assert providers.suggest(wb, "  ") == []


def test_a_provider_without_short_name_is_found_by_its_trade_name(wb: Workbench) -> None:
    register(wb)
    assert names(providers.suggest(wb, "某某"))[0] == "深圳市某某信息科技服务有限公司第三分公司"


def test_check_new_names_the_near_ones(wb: Workbench) -> None:
    register(wb)
    known = providers.check_new(wb, " 示例汇达支付有限公司 ")
    assert known.registered is not None and known.registered.name == "示例汇达支付有限公司"
    new = providers.check_new(wb, "示例汇达支付")
    assert new.registered is None
    assert new.near[0].name == "示例汇达支付有限公司" and len(new.near) <= 3
    assert new.question.startswith("是否新建服务商「示例汇达支付」？相近：示例汇达支付有限公司、")
    nothing = providers.check_new(wb, "完全无关的名字")
    assert nothing.near == () and nothing.question.endswith("相近：无")
