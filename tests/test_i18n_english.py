"""No English reaches a user in Chinese mode through an error or a doctor check.

tests/test_i18n.py catches bare Chinese literals and English sentences handed straight to
an output call; a message or hint given to a `WorkbenchError` (or a doctor `Check`) as a
literal, a variable or a conditional slipped past it. This rule follows those arguments
back to their literals: every one must be inside `_()` / `N_()`."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbench"
CHECKED = ["cli", "services", "store", "tui", "demo"]
MARKERS = {"_", "N_", "ngettext", "pgettext", "NP_"}
WORD = re.compile(r"\b[A-Za-z]?[a-z]{2,}\b")  # a word of prose; "TERM=" is a code
# doctor's Check(status, name, detail, hint): the name is a code, detail and hint are prose
CHECK_FIELDS = {"detail": 2, "hint": 3}
ERROR_FIELDS = {"message": 0, "hint": 1}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def error_classes() -> set[str]:
    """`WorkbenchError` and every class in the package that derives from it."""
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    found = {"WorkbenchError"}
    while more := {name for name, of in bases.items() if of & found} - found:
        found |= more
    return found


def _assigned(scope: ast.AST, name: str) -> Iterator[ast.expr]:
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                yield node.value


def literals(expr: ast.expr, scope: ast.AST, seen: frozenset[str] = frozenset()
             ) -> Iterator[ast.Constant | ast.JoinedStr]:
    """The string literals `expr` can evaluate to without passing through the catalog."""
    if isinstance(expr, ast.Call):
        if _name(expr.func) in MARKERS:
            return
        if isinstance(expr.func, ast.Attribute) and expr.func.attr == "format":
            yield from literals(expr.func.value, scope, seen)
        return
    if isinstance(expr, ast.JoinedStr) or (
            isinstance(expr, ast.Constant) and isinstance(expr.value, str)):
        yield expr
    elif isinstance(expr, ast.IfExp):
        yield from literals(expr.body, scope, seen)
        yield from literals(expr.orelse, scope, seen)
    elif isinstance(expr, ast.BoolOp):
        for value in expr.values:
            yield from literals(value, scope, seen)
    elif isinstance(expr, ast.BinOp):
        yield from literals(expr.left, scope, seen)
        yield from literals(expr.right, scope, seen)
    elif isinstance(expr, ast.Name) and expr.id not in seen:
        for value in _assigned(scope, expr.id):
            yield from literals(value, scope, seen | {expr.id})


def _text(node: ast.Constant | ast.JoinedStr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))


def _arguments(call: ast.Call, fields: dict[str, int]) -> Iterator[ast.expr]:
    for field, position in fields.items():
        if len(call.args) > position and not any(
                isinstance(a, ast.Starred) for a in call.args[:position + 1]):
            yield call.args[position]
        yield from (k.value for k in call.keywords if k.arg == field)


def _is_super(func: ast.expr) -> bool:
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call)
            and _name(func.value.func) == "super")


def english_arguments(path: Path, errors: set[str], root: Path = ROOT) -> list[str]:
    """Each literal with an English word given as message or hint of an error, or as
    detail or hint of a doctor `Check`, outside `_()`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []

    def visit(node: ast.AST, scope: ast.AST, within: str) -> None:
        if isinstance(node, ast.ClassDef):
            within = node.name
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            scope = node
        if isinstance(node, ast.Call):
            called = _name(node.func)
            if called == "__init__" and _is_super(node.func):  # an error's own message
                called = within
            fields = (ERROR_FIELDS if called in errors
                      else CHECK_FIELDS if called == "Check" else {})
            for argument in _arguments(node, fields):
                for literal in literals(argument, scope):
                    text = re.sub(r"\{[^{}]*\}", "", _text(literal))
                    if WORD.search(text):
                        found.append(f"{path.relative_to(root)}:{literal.lineno}: {text!r}")
        for child in ast.iter_child_nodes(node):
            visit(child, scope, within)

    visit(tree, tree, "")
    return found


def checked_files() -> Iterator[Path]:
    for entry in CHECKED:
        yield from sorted((PACKAGE / entry).rglob("*.py"))


def test_no_error_or_check_carries_an_english_literal() -> None:
    errors = error_classes()
    found = [line for path in checked_files() for line in english_arguments(path, errors)]
    assert found == []


def test_the_rule_follows_variables_and_branches(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        'from workbench.i18n import _\n'
        'def f(x, d):\n'
        '    hint = ("Add the files one by one." if d\n'
        '            else _("先保存"))\n'
        '    raise RuleViolation(_("不能添加 {x}").format(x=x), hint)\n'
        'def g(x):\n'
        '    raise NotFound(_("没有 {x}").format(x=x), hint="Check the path.")\n'
        'def h(url):\n'
        '    yield Check("FAIL", "database", f"no file at {url}", _("检查路径"))\n'
        'def k(x):\n'
        '    raise NotFound(_("没有"), "{x}".format(x=x))\n'
        '    raise ValueError("wrong argument")\n'
        'class Wrong(NotFound):\n'
        '    def __init__(self):\n'
        '        super().__init__(_("错"), "Fix the fields.")\n', encoding="utf-8")
    lines = [line.split(":", 2)[1] for line in
             english_arguments(module, {"RuleViolation", "NotFound", "Wrong"}, tmp_path)]
    assert lines == ["3", "7", "9", "15"]
