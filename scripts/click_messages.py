"""The English messages Typer (and the Click it vendors) can print, read from its sources.

    python scripts/click_messages.py   # one template a line, keyed as in cli/click_text.py

A template is the message with each formatted field written `{name}` (the last name of the
field's expression: `{self.dest!r}` → `{dest}`). It is found in: `_("…")` calls (Typer's own
gettext), the first argument of an exception Typer raises or of `ctx.fail(…)`, and the
literals of the output code we replace (`Usage: `, `Error: `, the help option's help).
tests/test_cli_language.py fails when one of them has no Chinese in CLICK_TEXT, so an upgrade
of Typer that adds a message is noticed.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

MODULES = ("core.py", "_coercion.py", "_param_types.py", "_click/core.py",
           "_click/exceptions.py", "_click/parser.py", "_click/decorators.py",
           "_click/formatting.py")
RAISED = {"UsageError", "BadParameter", "BadOptionUsage", "BadArgumentUsage", "NoSuchOption",
          "MissingParameter", "ClickException", "FileError", "fail", "echo"}
# functions whose return value is the message shown
SHOWN = {"format_message", "__str__"}
# names of keyword arguments and assignments whose literal is a message
MESSAGE_NAMES = {"help", "prefix", "hint", "message", "msg", "suggest"}


def typer_dir() -> Path:
    import typer

    return Path(typer.__file__).resolve().parent


def field(node: ast.expr) -> str:
    """`{name}` for a formatted value: `self.dest` → `dest`, `escape(option_name)` →
    `option_name`, `self.format_message()` → `message`, `annotation.__name__` → `name`."""
    if isinstance(node, ast.Call):
        return field(node.args[0]) if node.args else field(node.func)
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "value")
    for prefix in ("format_", "get_"):
        name = name.removeprefix(prefix)
    return "{" + name.strip("_") + "}"


def template(node: ast.expr) -> str | None:
    """The message a literal or f-string says, with fields as `{name}` (None: not text)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            elif isinstance(value, ast.FormattedValue):
                if value.format_spec is not None:  # `{prefix:>{indent}}`: layout, not text
                    return None
                parts.append(field(value.value))
        return "".join(parts)
    return None


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _texts(node: ast.expr) -> Iterator[str]:
    if isinstance(node, ast.IfExp):  # `msg = "an argument." if n == 1 else f"{n} arguments."`
        yield from _texts(node.body)
        yield from _texts(node.orelse)
        return
    text = template(node)
    if text is not None:
        yield text


def _target_name(target: ast.expr) -> str:
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def messages_in(source: str) -> Iterator[str]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _called(node)
            if name == "_" and node.args:
                yield from _texts(node.args[0])
            elif name in RAISED:  # `BadOptionUsage(opt, f"Option {opt!r} …")`: any argument
                for arg in node.args:
                    yield from _texts(arg)
            for keyword in node.keywords:
                if keyword.arg in MESSAGE_NAMES:
                    yield from _texts(keyword.value)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            if _target_name(node.targets[0]) in MESSAGE_NAMES:
                yield from _texts(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name in SHOWN:
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    yield from _texts(inner.value)


def wording(text: str) -> bool:
    """A message a person reads (not an empty string, a separator or a bare field)."""
    stripped = "".join(part.split("}")[-1] for part in text.split("{"))
    return any(ch.isalpha() for ch in stripped)


def click_messages(root: Path | None = None) -> set[str]:
    """Every English message template of the installed Typer (see the module docstring)."""
    base = root or typer_dir()
    found: set[str] = set()
    for module in MODULES:
        found |= {text for text in messages_in((base / module).read_text(encoding="utf-8"))
                  if wording(text)}
    return found


if __name__ == "__main__":
    for line in sorted(click_messages()):
        print(repr(line))
    sys.exit(0)
