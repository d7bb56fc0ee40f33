"""Every binding id, found rather than listed: `[keymap]` in config.toml may name any id
that a screen, dialog or widget of `workbench.tui` declares."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator

from textual.binding import Binding
from textual.dom import DOMNode

import workbench.tui as package


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def binding_owners(skip: Iterable[str] = ("workbench.tui.app",)) -> list[type[DOMNode]]:
    """Every class of the TUI (screens, dialogs, widgets) that declares BINDINGS.

    Imports every module of the package first, so a new screen is found without being
    registered anywhere; `skip` names modules the caller has already imported itself.
    """
    skipped = set(skip)
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        if module.name not in skipped:
            importlib.import_module(module.name)
    owners = {cls for cls in _subclasses(DOMNode)
              if cls.__module__.startswith(package.__name__ + ".") and "BINDINGS" in vars(cls)}
    return sorted(owners, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def binding_ids(owners: Iterable[type[DOMNode]]) -> set[str]:
    """The ids of the bindings the `owners` declare."""
    return {b.id for owner in owners for b in owner.BINDINGS if isinstance(b, Binding) and b.id}
