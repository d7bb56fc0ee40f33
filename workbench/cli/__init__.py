"""The `workbench` command: the TUI by default, plus subcommands by theme.

Importing this package loads Typer and the domain's enums only: every subcommand imports
services (and through them SQLAlchemy, python-docx, keyring) when it runs, so `--help`
answers at once.
"""

from __future__ import annotations

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
    law,
    litigation,
    mediation,
    people,
)
from workbench.cli.root import app

__all__ = ["app", "main"]


def main() -> None:
    """The console script's entry point."""
    app()
