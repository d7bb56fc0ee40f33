"""The one error handler of the `workbench` command.

Every subcommand runs inside the root group's `invoke`, so an expected error raised
anywhere below (a `WorkbenchError`) is printed here — message and hint on stderr — and the
process exits with that error's `exit_code`. Commands never choose exit codes themselves.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from workbench.cli.options import GLOBAL_OPTIONS
from workbench.cli.output import say
from workbench.errors import WorkbenchError
from workbench.i18n import _


def report(error: WorkbenchError) -> None:
    """Print an expected error the way every command does."""
    say(f"workbench: {error.message}", err=True)
    if error.hint:
        say(f"  → {error.hint}", err=True)


def _unexpected_database_error(exc: Exception) -> WorkbenchError | None:
    if "sqlalchemy" not in sys.modules:  # nothing touched a database: not one of ours
        return None
    from workbench.services.database import database_error

    return database_error(exc)


class WorkbenchGroup(TyperGroup):
    """The root group: runs the command, turns expected errors into message + exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            report(exc)
            raise typer.Exit(exc.exit_code) from None
        except typer.TyperException as exc:  # usage errors: Typer prints them
            _explain_misplaced_global(exc)
            raise
        except Exception as exc:
            error = _unexpected_database_error(exc)
            if error is None:
                raise  # a bug: let the traceback show
            report(error)
            raise typer.Exit(error.exit_code) from None


def _explain_misplaced_global(exc: typer.TyperException) -> None:
    """`workbench doctor --db X`: say that global options go before the subcommand."""
    name = getattr(exc, "option_name", None)
    ctx = getattr(exc, "ctx", None)
    if name in GLOBAL_OPTIONS and ctx is not None:
        root, *sub = ctx.command_path.split()
        hint = _("{name} 是全局选项，请写在子命令之前，例如：{root} {name} … {command}").format(
            name=name, root=root, command=" ".join(sub))
        exc.message = f"{exc.message}\n{hint}"
