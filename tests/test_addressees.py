"""Addressees from data (issue 11 item 3): the provider, its superior, the market bureau,
the financial regulator or industry body the routes name, the court — chosen, stored on
the filing, printed; a missing one blocks the export."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.factories import new_case, provider
from tests.test_export import at_stage, text_of
from workbench.domain.regions import county_of, province_of, short_province
from workbench.errors import RuleViolation
from workbench.filings.documents import FilingKind
from workbench.services import cases, filings
from workbench.services.addressees import route_for
from workbench.services.context import Workbench
from workbench.store.models import Case, Filing, Provider


@pytest.mark.parametrize(("address", "province", "county"), [
    ("广东省深圳市南山区科技路1号", "广东省", "深圳市南山区"),
    ("北京市朝阳区建国路1号", "北京市", "北京市朝阳区"),
    ("广西壮族自治区南宁市兴宁区幸福路54号", "广西壮族自治区", "南宁市兴宁区"),
    ("某地某路", "", ""),
])
def test_where_an_address_is(address: str, province: str, county: str) -> None:
    assert (province_of(address), county_of(address)) == (province, county)


def test_short_province_names_as_regulators_use_them() -> None:
    assert [short_province(p) for p in ("广东省", "北京市", "新疆维吾尔自治区")] == \
        ["广东", "北京", "新疆"]


def test_routes_send_code_jumping_to_the_clearing_association_else_by_provider() -> None:
    assert route_for(["code_jumping"], "acquiring_bank").body == "pcac"
    assert route_for(["fee_increase"], "acquiring_bank").body == "nfra_office"
    assert route_for(["fee_increase"], "payment_institution").body == "pboc_branch"


def _superior(wb: Workbench) -> tuple[int, int]:
    bank = provider(wb, "示例银行股份有限公司")
    with wb.store.write() as session:
        row = session.get(Provider, bank)
        row.kind, row.address = "acquiring_bank", "广东省深圳市福田区深南大道1号"
        agent = Provider(name="示例代理有限公司", short_name="示例代理", kind="agent",
                         address="广东省深圳市南山区科技路1号", superior_id=bank,
                         legal_representative="李四")
        session.add(agent)
        session.flush()
        return bank, agent.id or 0


def test_each_letter_goes_to_whom_the_data_says(wb: Workbench, tmp_path: Path) -> None:
    from workbench.services import litigation

    _, agent = _superior(wb)
    case = new_case(wb, provider_id=agent)
    # a recorded clause: the consumer law's 格式条款 rule is cited, the market bureau enforces it
    litigation.set_litigation(wb, case.id, case.version, {"clause": "《POS机服务协议》第8条"})
    options = {kind: [o.label for o in filings.addressee_options(wb, case.id, kind)]
               for kind in (FilingKind.COMPLAINT_LETTER_PROVIDER,
                            FilingKind.COMPLAINT_LETTER_SUPERIOR,
                            FilingKind.CONSUMER_COMPLAINT, FilingKind.SAMR_REPORT,
                            FilingKind.INDUSTRY_REPORT, FilingKind.CIVIL_COMPLAINT)}
    assert options[FilingKind.COMPLAINT_LETTER_PROVIDER] == ["示例代理有限公司"]
    assert options[FilingKind.COMPLAINT_LETTER_SUPERIOR] == ["示例银行股份有限公司"]
    assert options[FilingKind.CONSUMER_COMPLAINT] == [
        "深圳市南山区市场监督管理局（按被投诉人住所地推定）"]
    assert options[FilingKind.SAMR_REPORT][:2] == ["广东省市场监督管理局", "国家市场监督管理总局"]
    # an agent is supervised through its acquirer, a bank: the NFRA office where it is
    assert options[FilingKind.INDUSTRY_REPORT][0] == \
        "国家金融监督管理总局广东监管局（按机构住所地推定）"
    assert "中国支付清算协会" in options[FilingKind.INDUSTRY_REPORT]
    assert options[FilingKind.CIVIL_COMPLAINT] == ["深圳市南山区人民法院（按被告住所地推定）"]

    at_stage(wb, case.id, "superior")
    letter = filings.export(wb, case.id, FilingKind.COMPLAINT_LETTER_SUPERIOR, tmp_path)
    text = text_of(letter.path)
    assert "示例银行股份有限公司：" in text and "抄送：示例代理有限公司" in text
    assert "自收到本函之日起15日内" in text
    with wb.store.session() as session:
        row = session.execute(select(Filing)).scalars().one()
    assert (row.addressee, row.addressee_kind) == ("示例银行股份有限公司", "superior")


def test_a_named_addressee_wins_and_a_missing_one_blocks(wb: Workbench, tmp_path: Path) -> None:
    case = new_case(wb)  # a provider without a superior
    at_stage(wb, case.id, "superior")
    with pytest.raises(RuleViolation, match="服务商没有登记上级机构"):
        filings.export(wb, case.id, FilingKind.COMPLAINT_LETTER_SUPERIOR, tmp_path)
    assert not list(tmp_path.glob("*.docx"))
    written = filings.export(wb, case.id, FilingKind.COMPLAINT_LETTER_SUPERIOR, tmp_path,
                             addressee="示例收单银行股份有限公司")
    assert "示例收单银行股份有限公司：" in text_of(written.path)


def _legal_case(sqlite_url: str) -> cases.Case:
    """A case at the legal stage in a SQLite file, its caseworker alice registered."""
    from tests.conftest import open_test_store

    store = open_test_store(sqlite_url)
    try:
        wb = Workbench(store=store, actor="alice")
        cases.ensure_caseworker(wb, "alice")
        case = new_case(wb)
        at_stage(wb, case.id, "legal")
    finally:
        store.dispose()
    return case


def test_cli_check_lists_the_addressees_and_blockers(sqlite_url: str, tmp_path: Path) -> None:
    from tests.conftest import open_test_store
    from workbench.cli import app

    case = _legal_case(sqlite_url)
    runner = CliRunner()
    env = {"WORKBENCH_USER": "alice"}
    checked = runner.invoke(app, ["--db", sqlite_url, "export", case.ref, "--kind",
                                  "civil_complaint", "--check"], env=env)
    assert checked.exit_code != 0
    assert "收件单位（默认）：北京市朝阳区人民法院（按被告住所地推定）" in checked.output
    assert "✗ 民事起诉状缺少原告的民族：workbench litigation REF --ethnicity …" in checked.output
    assert not list(tmp_path.glob("**/*.docx"))
    done = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref, "--ethnicity", "汉族",
                               "--address", "北京市朝阳区建国路2号",
                               "--contract", "2025年签订协议。",
                               "--performance", "原告使用机具收款。", "--mediation", "yes",
                               "--court", "北京市朝阳区人民法院"], env=env)
    assert done.exit_code == 0, done.output
    assert "受诉人民法院：北京市朝阳区人民法院" in done.output
    again = runner.invoke(app, ["--db", sqlite_url, "export", case.ref, "--kind",
                                "civil_complaint", "--check"], env=env)
    assert again.exit_code == 0, again.output
    assert "✓ 可以导出" in again.output
    out = tmp_path / "out"
    written = runner.invoke(app, ["--db", sqlite_url, "export", case.ref, "--kind",
                                  "civil_complaint", "--out", str(out)], env=env)
    assert written.exit_code == 0, written.output
    [pleading] = out.glob("*.docx")
    text = text_of(pleading)
    assert "此致" in text and "北京市朝阳区人民法院" in text and "民族：汉族" in text
    assert "愿意☑" in text and "11010519491231002X" in text  # a court paper is whole
    bad = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref, "--mediation",
                              "maybe"], env=env)
    assert bad.exit_code != 0 and "yes、no 或 unsure" in bad.output
    with open_test_store(sqlite_url).session() as session:
        assert session.get(Case, case.id).litigation["mediation"] is True


def test_provider_set_changes_the_registry_audited(sqlite_url: str) -> None:
    from tests.conftest import open_test_store
    from workbench.cli import app
    from workbench.services import cases
    from workbench.store.models import CaseEvent

    store = open_test_store(sqlite_url)
    wb = Workbench(store=store, actor="alice")
    cases.ensure_caseworker(wb, "alice", role="supervisor")  # registry data
    provider(wb, "示例支付有限公司")
    store.dispose()
    result = CliRunner().invoke(app, ["--db", sqlite_url, "provider", "set", "示例支付有限公司",
                                      "--legal-representative", "赵六", "--market-bureau",
                                      "北京市朝阳区市场监督管理局"],
                                env={"WORKBENCH_USER": "alice"})
    assert result.exit_code == 0, result.output
    assert "法定代表人" in result.output
    store = open_test_store(sqlite_url)
    with store.session() as session:
        row = session.execute(select(Provider)).scalars().one()
        event = session.execute(select(CaseEvent).where(
            CaseEvent.kind == "provider_updated")).scalars().one()
    store.dispose()
    assert (row.legal_representative, row.market_bureau) == ("赵六", "北京市朝阳区市场监督管理局")
    assert event.payload["fields"] == sorted(["法定代表人", "所在地市场监督管理局"])


def test_a_report_of_code_jumping_goes_to_the_pboc_citing_only_its_rules(
        wb: Workbench, tmp_path: Path) -> None:
    from workbench.domain.categories import Category
    from workbench.services import cases

    pid = provider(wb, "示例支付有限公司")
    with wb.store.write() as session:
        session.get(Provider, pid).address = "浙江省杭州市西湖区文三路1号"
    case = new_case(wb, provider_id=pid)
    cases.edit_case(wb, case.id, case.version, {"categories": [Category.CODE_JUMPING]})
    options = [o.name for o in filings.addressee_options(wb, case.id, FilingKind.SAMR_REPORT)]
    assert options[0] == "中国人民银行浙江省分行" and "浙江省市场监督管理局" in options
    at_stage(wb, case.id, "national")
    text = text_of(filings.export(wb, case.id, FilingKind.SAMR_REPORT, tmp_path).path)
    assert "中国人民银行浙江省分行：" in text and "现依法向贵行举报" in text
    assert "涉嫌违反《中国人民银行关于加强支付受理终端及相关业务管理的通知》" in text
    assert "民法典" not in text and "消费者权益保护法》第" not in text.split("涉嫌违反的规定")[1]
    # the same case reported to the market bureau has nothing that bureau enforces
    with pytest.raises(RuleViolation, match="不执行本案所涉的任何规定"):
        filings.export(wb, case.id, FilingKind.SAMR_REPORT, tmp_path,
                       addressee="浙江省市场监督管理局")


def test_escape_sequences_are_refused_and_never_printed(sqlite_url: str) -> None:
    from workbench.cli import app

    case = _legal_case(sqlite_url)
    runner, env = CliRunner(), {"WORKBENCH_USER": "alice"}
    hostile = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref, "--agent",
                                  "\x1b]52;c;aGk=\x07律师"], env=env)
    assert hostile.exit_code == 8 and "非法字符" in hostile.output
    checked = runner.invoke(app, ["--db", sqlite_url, "export", case.ref, "--kind",
                                  "civil_complaint", "--check", "--court", "\x1b[2J某法院"],
                            env=env)
    assert checked.exit_code == 8 and "\x1b" not in checked.output
    assert "控制字符" in checked.output
    shown = runner.invoke(app, ["--db", sqlite_url, "litigation", case.ref], env=env)
    assert shown.exit_code == 0 and "\x1b" not in shown.output


def test_an_industry_report_cites_only_what_its_addressee_enforces(wb: Workbench,
                                                                   tmp_path: Path) -> None:
    """Review round 3 §7: a cashback case's 情况反映 to 中国支付清算协会 quoted 民法典
    §577/§584, which that body does not enforce. To the clearing association it reports the
    matter for its 自律管理, citing no civil law; to the PBOC branch it cites the payment
    rules the PBOC enforces, never the civil code."""
    from workbench.domain.categories import Category

    def industry_case(*categories: Category) -> int:
        case = new_case(wb, "激活返现未兑现")
        cases.edit_case(wb, case.id, cases.get_case(wb, case.id).version,
                        {"categories": list(categories)})
        at_stage(wb, case.id, "industry")
        assert case.id is not None
        return case.id

    cashback = industry_case(Category.CASHBACK)
    pcac = text_of(filings.export(wb, cashback, FilingKind.INDUSTRY_REPORT, tmp_path / "a",
                                  addressee="中国支付清算协会").path)
    assert "自律管理的范围" in pcac
    assert "民法典" not in pcac and "相关规定" not in pcac
    deposit = industry_case(Category.CASHBACK, Category.DEPOSIT_FEES)
    pboc = text_of(filings.export(wb, deposit, FilingKind.INDUSTRY_REPORT, tmp_path / "b",
                                  addressee="中国人民银行北京市分行").path)
    assert "监督管理的范围" in pboc and "民法典" not in pboc
    assert "非银行支付机构监督管理条例" in pboc  # 明码标价 of a 押金: a rule the PBOC enforces
