"""The message catalog: one source (Chinese msgids), English complete and compiled, no
user-visible text outside `_()` in the converted modules, and the language setting obeyed
by the real command."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from workbench import i18n
from workbench.locations import startup_language

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"

# Converted: every message goes through the catalog (the AST check below holds them to it).
CONVERTED = [
    "cli", "errors.py", "config.py", "secrets.py", "private_files.py", "bounded_read.py",
    "sheet_safe.py", "terminal_text.py", "fsutil.py", "i18n.py", "locations.py",
    "store/dberrors.py", "store/crypto.py", "store/migrate.py", "store/limits.py",
    "store/blobs.py", "store/engine.py", "store/audit.py", "store/anchors.py",
    "store/pg_guard.py", "services", "tui", "imports",
]
# Still to convert: nothing (every package of chrome goes through the catalog).
TO_CONVERT: list[str] = []
# Content, not chrome: Chinese case data, documents, vocabulary and law (never translated).
CONTENT = ["filings", "demo", "domain"]

# Content inside converted modules: text that goes into documents and records (addressee
# names, reasons written to the case's history, filing wording, 发文登记 columns, demo
# specimens) or is read as input (holiday words). Per module; an f-string is listed with
# `{}` for each field.
CONTENT_LITERALS: dict[str, frozenset[str]] = {
    "services/acceptance.py": frozenset({"超过受理期限（{}）作出", "决定受理", "不予受理：{}"}),
    "services/addressees.py": frozenset({
        "国家市场监督管理总局", "中国支付清算协会", "中国银联股份有限公司", "中国人民银行",
        "国家金融监督管理总局", "分行", "监管局", "中国人民银行{}分行",
        "国家金融监督管理总局{}监管局", "{}人民法院", "各新闻媒体", "{}市场监督管理局"}),
    # import: what files hold (a header the errors workbook adds and re-reads, date
    # formats, header marks, 大写 digits), not chrome
    "imports/books.py": frozenset({"错误原因"}),
    "imports/profiles.py": frozenset({"%Y年%m月%d日", "[\\s*＊:：]|[（(](?:必填|选填)[)）]"}),
    "imports/rows.py": frozenset({"[零壹贰叁肆伍陆柒捌玖拾佰仟萬億]"}),
    "services/cases.py": frozenset({"商户为经营活动使用POS收单服务，不属于生活消费"}),
    "services/escalation.py": frozenset({"撤销"}),
    "services/filing_data.py": frozenset({"{}个工作日", "{}日", "投诉人提供"}),
    "services/filings.py": frozenset({"（草稿）"}),
    "services/holidays.py": frozenset({"班", "上班", "调休上班", "休", "放假", "休息"}),
    "services/mediation.py": frozenset({"达成调解协议", "终止调解：{}"}),
    "services/preflight.py": frozenset({"万", "协会"}),
    "services/register.py": frozenset({"序号", "文号", "日期", "文书", "案件编号", "主送", "经办人",
                                       "{}年发文登记"}),
    "services/specimens.py": frozenset({
        "与服务商签订的POS机服务协议", "2026年10月至11月的交易明细", "扣费短信截图",
        "冒充银行客服", "冒充银联",
        "向你收费的人员冒充银行客服，并非为你提供支付服务的机构，该收费不是你与服务机构之间"
        "因支付服务发生的纠纷，本会无从调解",
        "你已就同一争议向市场监督管理部门投诉，该部门已经受理"}),
    "services/views.py": frozenset({"复印件"}),
}

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,]+[a-z]{2,}")  # two words: "Imported 3 days" is caught
MARKERS = {"_", "N_", "ngettext", "pgettext", "NP_"}
# calls whose text a user sees: printed, raised, or shown as help
OUTPUT = {"say", "say_progress", "echo", "secho", "print", "confirm", "prompt", "getpass",
          "Option", "Argument", "Typer", "command", "callback", "BadParameter", "Exit"}


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _load_script()


def converted_files() -> Iterator[Path]:
    for entry in CONVERTED:
        path = PACKAGE / entry
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _content_key(node: ast.JoinedStr) -> str:
    return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)


def untranslated(path: Path, root: Path = ROOT,
                 content: frozenset[str] = frozenset()) -> list[str]:
    """Literals a user would see that do not go through `_()`: any text with Chinese in it,
    and English sentences that are printed, raised or used as help. `content` lists the
    module's literals that are content (an f-string with `{}` for its fields)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found: list[str] = []

    def visit(node: ast.AST, shown: bool) -> None:
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS:
            return
        if isinstance(node, ast.JoinedStr) and _content_key(node) in content:
            return
        if isinstance(node, ast.Constant) and node.value in content:
            return
        if isinstance(node, ast.Call) and _name(node.func) in OUTPUT:
            shown = True
        if isinstance(node, ast.Raise):
            shown = True
        if isinstance(node, ast.keyword) and node.arg == "help":
            shown = True
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if CJK.search(text) or (shown and SENTENCE.search(text)):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {text!r}")
        if isinstance(node, ast.JoinedStr) and shown:  # f"Imported {n} days."
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if SENTENCE.search(text):
                found.append(f"{path.relative_to(root)}:{node.lineno}: f{text!r}")
                return
        for child in ast.iter_child_nodes(node):
            visit(child, shown)

    visit(tree, False)
    return found


def test_the_packages_are_all_accounted_for() -> None:
    listed = {entry.split("/")[0] for entry in CONVERTED + TO_CONVERT + CONTENT}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages - listed == set()


def _content_of(path: Path) -> frozenset[str]:
    return CONTENT_LITERALS.get(path.relative_to(PACKAGE).as_posix(), frozenset())


def test_no_user_visible_literal_outside_the_catalog() -> None:
    found = [line for path in converted_files()
             for line in untranslated(path, content=_content_of(path))]
    assert found == []


def test_the_content_list_names_only_literals_that_exist() -> None:
    """A content entry that no longer matches a literal is stale: remove it."""
    stale = []
    for module, literals in CONTENT_LITERALS.items():
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        present = {n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        present |= {_content_key(n) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr)}
        stale += [f"{module}: {text!r}" for text in sorted(literals - present)]
    assert stale == []


def test_the_check_sees_an_untranslated_message(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('from workbench.i18n import _\n'
                      'def f(x):\n'
                      '    say(_("已写入 {x}").format(x=x))\n'
                      '    say(f"已写入 {x}")\n'
                      '    raise ValueError("Something went wrong")\n'
                      '    say(f"Imported {x} days.")\n', encoding="utf-8")
    assert [line.split(":", 2)[1] for line in untranslated(module, tmp_path)] == ["4", "5", "6"]


# --- the catalog files -------------------------------------------------------------------

def test_the_pot_is_current() -> None:
    assert script.stale_pot() == set(), "run: python scripts/i18n.py extract && update"


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_every_msgid_is_translated_without_fuzzy_entries_and_compiled(language: str) -> None:
    assert script.problems(language) == []


def test_placeholders_must_match() -> None:
    from babel.messages.catalog import Catalog

    catalog = Catalog(locale="en")
    catalog.add("已写入 {path}", "Wrote {file}")
    assert script.placeholder_problems("en", catalog) == [
        "en: placeholders differ: '已写入 {path}' → 'Wrote {file}'"]


# --- the language at run time ------------------------------------------------------------

def test_set_language_switches_and_back() -> None:
    try:
        i18n.set_language("en")
        assert i18n.language() == "en"
        assert i18n._("已写入 {written}").format(written="x") == "Wrote x"
        assert i18n.binding_description("Quit") == "Quit"
    finally:
        i18n.set_language("zh_CN")
    assert i18n._("已写入 {written}") == "已写入 {written}"
    assert i18n.binding_description("Quit") == "退出"
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_startup_language_reads_flag_env_and_file(tmp_path: Path) -> None:
    english = tmp_path / "en.toml"
    english.write_text('language = "en"\n', encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text('language = \n', encoding="utf-8")
    assert startup_language(["--config", str(english)], {}) == "en"
    assert startup_language([f"--config={english}", "doctor"], {}) == "en"
    assert startup_language([], {"WORKBENCH_CONFIG": str(english)}) == "en"
    assert startup_language([], {}, default_config=english) == "en"
    assert startup_language(["--config", str(english)],
                                 {"WORKBENCH_LANGUAGE": "zh_CN"}) == "zh_CN"
    assert startup_language(["--config", str(broken)], {}) == "zh_CN"
    assert startup_language([], {}, default_config=tmp_path / "none.toml") == "zh_CN"


def _workbench(args: list[str], tmp_path: Path, config: str | None,
               **extra: str) -> subprocess.CompletedProcess[str]:
    """The real command in a fresh process, with only this test's config file (and the
    WORKBENCH_* variables in `extra`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKBENCH_")} | extra
    env["HOME"] = str(tmp_path)
    env["WORKBENCH_DATA_DIR"] = str(tmp_path / "data")
    env["WORKBENCH_CONFIG"] = str(tmp_path / "config.toml")
    if config is not None:
        (tmp_path / "config.toml").write_text(config, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=env)


@pytest.mark.parametrize(("config", "expected", "absent"), [
    (None, "全局选项", "Globaloptions"),
    ('language = "zh_CN"\n', "全局选项", "Globaloptions"),
    ('language = "en"\n', "Globaloptions", "全局选项"),
])
def test_help_speaks_the_configured_language(tmp_path: Path, config: str | None,
                                             expected: str, absent: str) -> None:
    done = _workbench(["--help"], tmp_path, config)
    assert done.returncode == 0, done.stderr
    text = "".join(done.stdout.split())  # without the line wrapping
    assert expected in text
    assert absent not in text


@pytest.mark.parametrize(("config", "expected"), [
    ('db = "mysql://x"\n', "配置无效"),
    ('language = "en"\ndb = "mysql://x"\n', "Invalid configuration"),
])
def test_an_error_speaks_the_configured_language(tmp_path: Path, config: str,
                                                 expected: str) -> None:
    done = _workbench(["doctor"], tmp_path, config)
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr
    english = "language" in config
    assert ("must start with sqlite:///" in done.stderr) is english
    assert ("须以 sqlite:///" in done.stderr) is not english


def test_a_wrong_language_is_a_config_error(tmp_path: Path) -> None:
    done = _workbench(["doctor"], tmp_path, 'language = "fr"\n')
    assert done.returncode == 2
    assert "language" in done.stderr


@pytest.mark.parametrize(("config", "expected", "absent"), [
    (None, "没有编号为 'TS-2026-999999' 的案件", "No case"),
    ('language = "en"\n', "No case with reference 'TS-2026-999999'.", "没有编号为"),
])
def test_a_service_refusal_speaks_the_configured_language(tmp_path: Path, config: str | None,
                                                          expected: str, absent: str) -> None:
    """A message raised by a service (cases.find_case), shown by the real command."""
    key = {"WORKBENCH_DATA_KEY": "i18n-test-passphrase"}
    created = _workbench(["db", "upgrade"], tmp_path, config, **key)
    assert created.returncode == 0, created.stderr
    done = _workbench(["undo", "TS-2026-999999"], tmp_path, config, **key)
    assert done.returncode == 6, done.stderr  # NotFound
    assert expected in done.stderr
    assert absent not in done.stderr


def test_every_msgid_with_words_is_chinese() -> None:
    """Chinese mode shows the msgid itself: an English one ("Refresh the queue.") would be
    English there. Only a layout of fields and marks ("{day}（{when}）") may have no Chinese."""
    english = []
    for message in script.read(script.POT):
        text = message.id if isinstance(message.id, str) else message.id[0]
        words = re.sub(r"\{[^{}]*\}", "", text)
        if text and re.search(r"[A-Za-z]{2,}", words) and not re.search(r"[\u3400-\u9fff]", text):
            english.append(text)
    assert english == []
