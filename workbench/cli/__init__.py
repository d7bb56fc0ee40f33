"""The `workbench` command: the TUI by default, plus subcommands by theme.

Importing this package loads nothing: `main()` first applies the configured language (help
texts are translated when their module is imported), then loads Typer and the command
modules (only the root command's when the arguments are global options alone: that opens
the queue). Every subcommand imports services (and through them SQLAlchemy, python-docx,
keyring) when it runs, so `--help` answers at once. `workbench.cli.app` (for tests) loads
the commands in whatever language is current.
"""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["app", "main"]


def _commands(queue_only: bool = False) -> Any:
    if queue_only:  # `workbench [global options]`: the root command alone opens the queue
        from workbench.cli.root import app as root

        return root
    from workbench.cli import (  # noqa: F401
        admin,
        audit,
        cases,
        decision,
        demo,
        escalation,
        evidence,
        export,
        filings,
        groups,
        imports,
        law,
        litigation,
        mediation,
        merge,
        patterns,
        people,
        providers,
    )
    from workbench.cli.root import app

    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return _commands()
    raise AttributeError(name)


def main() -> None:
    """The console script's entry point."""
    from workbench.i18n import set_language
    from workbench.locations import config_path, startup_language

    set_language(startup_language(sys.argv[1:], default_config=config_path()))
    from workbench.cli.options import opens_queue

    _commands(opens_queue(sys.argv[1:]))()  # options' help texts: in the language just set
