"""The law as data (DESIGN §10): one register, validated strictly, cited by id everywhere."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workbench.cli import app
from workbench.domain.deadlines import load_rules
from workbench.domain.law import LawRegister, RegisterError, load_register
from workbench.domain.law.grounds import load_grounds
from workbench.services.law import cited_problems, law_lines, rule_lines

PACKAGE = Path(__file__).resolve().parent.parent / "workbench"
REGISTER = load_register()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "law.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_entry_is_complete() -> None:
    for entry in REGISTER:
        assert entry.statute.startswith("《") and entry.article and entry.text, entry.id
        assert entry.source, entry.id
        if entry.verified:
            assert "未核实" not in entry.text, entry.id


def test_the_versions_follow_each_other() -> None:
    old = REGISTER.get("samr20.art21", date(2026, 4, 14))
    assert old.in_force(date(2026, 4, 14)) and not old.in_force(date(2026, 4, 15))
    new = REGISTER.get("samr121.art23", date(2026, 4, 15))
    assert new.in_force(date(2026, 4, 15)) and not new.in_force(date(2026, 4, 14))
    assert "六十日" in new.text


def test_corrections_found_in_the_texts() -> None:
    # 消法 art. 46 binds administrative departments; 调解 is item (五) of art. 37
    assert "行政部门" in REGISTER.get("cpl.art46").text
    assert "调解" in REGISTER.get("cpl.art37.p1.item5").text
    assert "调解" not in REGISTER.get("cpl.art37.p1.item4").text
    assert REGISTER.get("cpl.art17").text.startswith("第十七条 经营者应当听取消费者")


def test_every_citation_resolves() -> None:
    rules = load_rules()
    for entry_id in rules.cited_ids():
        assert entry_id in REGISTER
    grounds = load_grounds()
    from workbench.services.law import demo_law_path

    with_own = load_register(demo_law_path())  # an association that registered its rules
    for table in (grounds.refusal, grounds.termination):
        for ground in table.values():
            # the statutes resolve; a ground no statute defines rests on the association's
            # own rule alone (and is stated as a fact while none is registered)
            assert ground.citations(REGISTER, date(2026, 12, 1)) or ground.own
            assert with_own.get(ground.own, date(2026, 12, 1)) in ground.citations(
                with_own, date(2026, 12, 1))


@pytest.mark.parametrize(("text", "fragment"), [
    ('[[entry]]\nid = "x"\n', "缺少"),
    ('[[entry]]\nid = "x"\nstatute = "《甲法》"\narticle = "第一条"\ntext = ""\n'
     'source = "s"\nverified = true\n', "不能为空"),
    ('[[entry]]\nid = "cpl.art2"\nwording = "x"\n', "未知的键"),
    ('[[entry]]\nid = "cpl.art2"\nverified = "yes"\n', "verified"),
    ('[[entry]]\nid = "cpl.art2"\neffective_from = "2014-13-40"\n', "日期"),
    ('[[entry]]\nid = "cpl.art2"\nstatute = "《甲法》"\narticle = "第二条"\ntext = "t"\n'
     'source = "s"\nverified = true\neffective_from = 2020-01-01\n', "重叠"),
    ("[law]\nx = 1\n", "未知的表"),
    ("[[entry]\n", "TOML"),
])
def test_a_malformed_override_is_refused_with_its_reason(tmp_path: Path, text: str,
                                                       fragment: str) -> None:
    with pytest.raises(RegisterError, match=fragment):
        load_register(write(tmp_path, text))


def test_an_admin_confirms_an_entry_and_adds_a_version(tmp_path: Path) -> None:
    register = load_register(write(tmp_path, """
[[entry]]
id = "cca.accept7"
verified = true
source = "本会核对：《某省消费者协会投诉受理办法》2025年版"

[[entry]]
id = "local.accept"
statute = "《某省消费者权益保护条例》"
article = "第三十条"
text = "第三十条 消费者协会应当自收到投诉之日起五个工作日内作出是否受理的决定。"
source = "省人大常委会公报"
verified = true
effective_from = 2027-01-01
"""))
    assert register.get("cca.accept7").verified is True
    assert register.get("local.accept").in_force(date(2027, 1, 1))
    assert not REGISTER.get("cca.accept7").verified  # the shipped one is untouched


def test_doctor_lists_each_cited_entry_to_check() -> None:
    problems = cited_problems(REGISTER, load_rules(), date(2026, 12, 1))
    ids = {p.id for p in problems}
    assert {"cca.accept7", "cca.mediate15", "pboc_fcp2020.art43"} <= ids
    assert "samr121.art23" not in ids  # verified and in force
    # a year when 令第20号 no longer applies: its entries are cited only by older rules
    assert all(p.problem in ("条文未核实", "今日不在有效期内") for p in problems)


def test_lines_for_people() -> None:
    lines = law_lines(REGISTER, date(2026, 4, 15))
    assert all(line.in_force for line in lines)
    assert not any(line.id.startswith("samr20.") for line in lines)
    table = rule_lines(load_rules(), REGISTER, date(2026, 4, 15))
    delegated = [line for line in table if "委托" in line.selector]
    assert delegated and delegated[0].figure == "60日"
    assert "市场监督管理投诉举报处理办法第二十三条" in delegated[0].basis


def test_cli_law_and_rules() -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["law", "list"])
    assert listed.exit_code == 0, listed.output
    assert "已核实" in listed.output and "未核实" in listed.output
    shown = runner.invoke(app, ["law", "show", "cpl.art46"])
    assert shown.exit_code == 0 and "七个工作日" in shown.output
    missing = runner.invoke(app, ["law", "show", "no.such"])
    assert missing.exit_code == 6 and "no.such" in missing.output
    before = runner.invoke(app, ["rules", "show", "--on", "2026-04-14"])
    after = runner.invoke(app, ["rules", "show", "--on", "2026-04-15"])
    assert before.exit_code == after.exit_code == 0
    assert "45个工作日" in before.output and "60日" in after.output
    assert before.output.replace("2026-04-14", "") != after.output.replace("2026-04-15", "")


def _statute_names() -> set[str]:
    names = set()
    for entry in REGISTER:
        names.add(entry.statute.split("》")[0].strip("《"))
        if entry.short:
            names.add(entry.short)
    return {n for n in names if len(n) >= 4}


def test_no_statute_is_named_outside_the_register() -> None:
    names = _statute_names()
    # 民法典 is short enough to match only in its own right
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + "|民法典|消法")
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml")]:
        if path.name == "register.toml":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0] if path.suffix == ".toml" else line
            if path.suffix == ".py" and line.lstrip().startswith("#"):
                continue
            if pattern.search(code) and not _in_docstring_or_comment(path, number):
                offenders.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()[:60]}")
    assert offenders == []


def _in_docstring_or_comment(path: Path, number: int) -> bool:
    """English prose about the law (docstrings, comments) may name it; strings may not."""
    if path.suffix != ".py":
        return False
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str) \
                and node.lineno <= number <= (node.end_lineno or node.lineno):
            return True
    line = path.read_text(encoding="utf-8").splitlines()[number - 1]
    return "#" in line and not re.search(r"[\"'].*#", line)


@pytest.mark.parametrize(("entry_id", "opening", "book"), [
    ("civil_code.art74", "第七十四条 法人可以依法设立分支机构。", "总则"),
    ("civil_code.art509", "第五百零九条 当事人应当按照约定全面履行自己的义务。", "合同编"),
    ("civil_code.art985", "第九百八十五条 得利人没有法律根据取得不当利益的", "合同编"),
])
def test_the_civil_bases_of_a_fee_without_agreement_and_of_a_branch(
        entry_id: str, opening: str, book: str) -> None:
    # review round 2 §9.2/§9.4: a fee with no clause rests on §509/§985; a branch's
    # head company answers for it under §74②
    entry = REGISTER.get(entry_id)
    assert entry.verified and entry.text.startswith(opening)
    assert entry.source.startswith("LawRefBook/Laws@") and f"民法典/{book}.md" in entry.source
    assert entry.in_force(date(2026, 12, 1))
    if entry_id == "civil_code.art74":
        assert "分支机构以自己的名义从事民事活动，产生的民事责任由法人承担" in entry.text


# --- quoting only the paragraph relied on (review round 3 §1.4, §2.4) ------------------------

PARAGRAPH_ENTRY = re.compile(r"^(?P<parent>.+)\.(?:p(?P<n>\d+)|main)$")
CHINESE_ORDINALS = "一二三四五六七八九十"


def _paragraph_entries() -> list[tuple[str, str]]:
    return [(e.id, m["parent"]) for e in REGISTER
            if (m := PARAGRAPH_ENTRY.match(e.id)) and m["parent"] in REGISTER]


def test_a_paragraph_entry_quotes_its_article_verbatim() -> None:
    """An entry `X.pN` is 第N款 of the article X, `X.main` its 主文 before the 但书: its
    wording is found verbatim in the article (read from the same source), it is cited as
    第X条第N款 (the 主文 as the article), and it is verified only where the article is."""
    from workbench.filings.text import article_body

    found = _paragraph_entries()
    assert {"civil_code.art509.p1", "civil_code.art985.main", "nbpay.art20.p2",
            "nbpay.art20.p3", "civil_code.art74.p2"} <= {i for i, _ in found}
    for entry_id, parent_id in found:
        entry, parent = REGISTER.get(entry_id), REGISTER.get(parent_id)
        paragraphs = parent.text.split("\n")
        n = PARAGRAPH_ENTRY.match(entry_id)["n"]  # type: ignore[index]
        if n is None:  # the 主文: the article's opening, cut before its 但书
            assert entry.article == parent.article
            assert paragraphs[0].startswith(entry.text) and "但是" not in entry.text
            assert paragraphs[0][len(entry.text):].startswith("，但是")
        else:
            assert entry.article == f"{parent.article}第{CHINESE_ORDINALS[int(n) - 1]}款"
            assert article_body(paragraphs[int(n) - 1]) == entry.text, entry_id
        assert entry.statute == parent.statute and entry.verified <= parent.verified
        assert entry.source.split(";")[0].split(" (")[0] in parent.source
        assert entry.effective_from == parent.effective_from


def test_the_letters_cite_the_paragraph_they_rely_on() -> None:
    """§509 is cited for its 第一款 (not 避免浪费资源、污染环境和破坏生态), §985 without its
    exceptions, 条例§20 for its 第三款 on a fee rise and its 第二款 on settlement."""
    from workbench.domain.categories import Category
    from workbench.domain.law.bases import basis_for

    on = date(2026, 12, 1)
    sim = basis_for([Category.SIM_FEES], "consumer", REGISTER, on)
    cited = {e.id: e for e in sim}
    assert "civil_code.art509" not in cited and "civil_code.art985" not in cited
    assert cited["civil_code.art509.p1"].citation == "《中华人民共和国民法典》第五百零九条第一款"
    assert "污染环境" not in cited["civil_code.art509.p1"].text
    assert "除外" not in cited["civil_code.art985.main"].text
    fee = {e.id for e in basis_for([Category.FEE_INCREASE], "business", REGISTER, on)}
    assert "nbpay.art20.p3" in fee and "nbpay.art20" not in fee
    settlement = {e.id for e in basis_for([Category.SETTLEMENT], "business", REGISTER, on)}
    assert "nbpay.art20.p3" not in settlement and "nbpay.art20" not in settlement


def test_the_259_notice_is_unverified_and_the_preflight_says_why() -> None:
    """Review round 3 §6.5: 银发〔2021〕259号 was marked verified from a POS vendor's repost;
    a second repost words it differently and no official copy could be read, so it is
    unverified, and a paper quoting it is warned in Chinese why and what to do."""
    from tests.test_filings import sample
    from workbench.filings.documents import FilingKind
    from workbench.services import preflight

    for entry_id in ("pboc259.s1.1.1", "pboc259.s1.1.2", "pboc259.jump_code"):
        entry = REGISTER.get(entry_id)
        assert not entry.verified and entry.caution, entry_id
        assert re.search(r"[\u4e00-\u9fff]", entry.caution)
    entry = REGISTER.get("pboc259.s1.1.2")
    assert "uapay.cn" in entry.source and "征求意见稿" in entry.source
    found = preflight.before(FilingKind.SAMR_REPORT, sample(), bases=[entry], placeholders=[])
    warning = next(w for w in found.warnings if "259号" in w)
    assert warning.startswith(f"引用的{entry.citation}条文尚未核实，文书只写名称和条号，不引原文：")
    assert "第三方转载" in warning and "核对" in warning
    plain = next(e for e in REGISTER if not e.verified and not e.caution)
    assert preflight.unverified(plain) == (f"引用的{plain.citation}条文尚未核实，"
                                           "文书只写名称和条号，不引原文")


# --- unverified wording is never a quotation; citations that fit the fact (round 4) -------

# The law collections read for verified wording: GitHub copies of the national database
# (flk.npc.gov.cn / sjfg.samr.gov.cn), each cited with its commit; a web page reposting a
# text (a POS vendor's site, a document-sharing site) is never enough to quote it.
LAW_COLLECTIONS = ("LawRefBook/Laws@", "Theonefkguy/Chinese-Laws:")


def test_a_wording_read_only_in_a_third_party_repost_is_unverified() -> None:
    for entry in REGISTER:
        if entry.verified:
            assert entry.source.startswith(LAW_COLLECTIONS), entry.id
    for entry_id in ("acq2013.art2", "acq2013.art7"):  # a traditional-character repost
        entry = REGISTER.get(entry_id)
        assert not entry.verified and "pages corpus" in entry.source and entry.caution


def test_an_unverified_entry_has_no_wording_to_quote_and_a_main_clause_shows_its_cut() -> None:
    from workbench.filings.text import quotation, rule_sentence, violated, whole_quote, wording

    kyc = REGISTER.get("acq2013.art7")
    assert quotation(kyc) == "" and wording(kyc) == ""
    assert rule_sentence(kyc.citation, wording(kyc)) == f"参见{kyc.citation}的规定。"
    assert violated(kyc.citation, "") == f"{kyc.citation}的规定"
    main = REGISTER.get("civil_code.art985.main")
    # quoted up to its 但书: ends at the comma with an ellipsis, never with an inserted 。
    assert wording(main) == ("得利人没有法律根据取得不当利益的，"
                             "受损失的人可以请求得利人返还取得的利益，……")
    assert whole_quote(wording(main)).endswith("利益，……”")
    assert rule_sentence(main.citation, quotation(main)).endswith("利益，……”")
    whole = REGISTER.get("civil_code.art577")
    assert whole_quote(wording(whole)).endswith("。”")


def test_the_rules_cited_fit_the_conduct() -> None:
    """跳码 breaks the rules on true, unaltered transaction data (条例§25, §30②), not the
    merchant-vetting rules (收单办法§7, 条例§22); a settlement freeze the settlement rule
    (条例§30③), not the agreement's contents (§20②); the acquirer's duty over its agent is
    that it does the merchant work itself (条例§22 first sentence), not merchant KYC."""
    from workbench.domain.categories import Category
    from workbench.domain.law.bases import basis_for
    from workbench.services import addressees

    on = date(2026, 12, 1)
    for scope in ("consumer", "business"):
        jump = [e.id for e in basis_for([Category.CODE_JUMPING], scope, REGISTER, on)]
        assert jump[:2] == ["nbpay.art25", "nbpay.art30.p2"]
        assert not {"acq2013.art7", "nbpay.art22"} & set(jump)
        settle = [e.id for e in basis_for([Category.SETTLEMENT], scope, REGISTER, on)]
        assert settle[0] == "nbpay.art30.p3" and "nbpay.art20.p2" not in settle
    assert "交易信息" in REGISTER.get("nbpay.art30.p2").text
    assert "资金结算" in REGISTER.get("nbpay.art30.p3").text
    assert "不得伪造、变造电子支付指令" in REGISTER.get("nbpay.art25").text
    duty = REGISTER.get("nbpay.art22.s1")
    assert duty.verified and REGISTER.get("nbpay.art22").text.startswith(duty.text)
    assert "非法经营" not in duty.text  # not a doubt about a merchant complainant
    assert addressees.acquirer_duty("payment_institution") == "nbpay.art22.s1"
    assert addressees.acquirer_duty("acquiring_bank") == ""  # no verified rule binds a bank


# what follows a statute's name in a paper: its article, 规定：, then the quotation
QUOTED_AFTER = re.compile(r"(?:第[^“”《》，。]{1,24}?)?(?:规定：)?“([^”]+)”")


def unverified_quotes(text: str, register: LawRegister = REGISTER) -> list[str]:
    """Every quotation that follows a register statute's name in a paper's text and is not
    the wording of a verified entry (whitespace and line breaks ignored; a cut shown by
    ……). A contract clause quoted after 《POS机服务协议》 is no statute's and not checked."""
    flat = "".join(text.split())
    verified = ["".join(e.text.split()) for e in register if e.verified]
    out = []
    for statute in {e.statute for e in register}:
        at = flat.find(statute)
        while at >= 0:
            found = QUOTED_AFTER.match(flat, at + len(statute))
            if found:
                body = found[1].replace("‘", "“").replace("’", "”").removesuffix("。")
                body = body.removesuffix("，……").removesuffix("……")
                if not any(body in text for text in verified):
                    out.append(found[1])
            at = flat.find(statute, at + 1)
    return out


def test_a_paper_cites_an_unverified_rule_by_name_and_article_only(tmp_path: Path) -> None:
    """Review round 4 §6.1: the 259号 text is printed verbatim although unverified. Every
    layout now names such a rule and its article only, and a layout that quoted it anyway
    is stopped by the pre-flight."""
    import docx

    from tests.test_filings import read_back, sample, texts
    from workbench.filings import FilingKind, build
    from workbench.filings.text import article_body, wording
    from workbench.services import preflight

    on = date(2026, 11, 26)
    cited = [REGISTER.get(i, on) for i in ("nbpay.art30.p2", "pboc259.s1.1.2", "acq2013.art7")]
    bases = [("跳码", e.citation, wording(e), e.id) for e in cited]
    for kind in (FilingKind.SAMR_REPORT, FilingKind.COMPLAINT_LETTER_PROVIDER,
                 FilingKind.MEDIATION_APPLICATION):
        document, _ = read_back(kind, tmp_path, sample(bases=bases))
        flat = "".join("".join(texts(document)).split())
        assert unverified_quotes(flat) == [], kind
        assert "真实、准确、完整的交易信息" in flat  # the verified one is quoted
        for entry in cited[1:]:  # the unverified ones are named, never quoted
            assert entry.citation in flat, kind
            assert "".join(article_body(entry.text).split())[:16] not in flat, kind
        if kind is FilingKind.SAMR_REPORT:
            assert f"涉嫌违反{cited[1].citation}的规定。" in flat
        else:
            assert f"参见{cited[1].citation}的规定。" in flat
    # the guard after layout: an unverified wording printed anyway blocks the export
    document = build(FilingKind.SAMR_REPORT, sample())
    document.add_paragraph(cited[1].text)
    found = preflight.quoted_unverified(document, [cited[1]])
    assert found and "尚未核实" in found[0]
    assert preflight.quoted_unverified(docx.Document(), [cited[1]]) == []
