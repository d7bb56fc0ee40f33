"""The one error handler of the `workbench` command.

Every subcommand runs inside the root group's `invoke`, so an expected error raised
anywhere below (a `WorkbenchError`) is printed here — message and hint on stderr — and the
process exits with that error's `exit_code`. Commands never choose exit codes themselves.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer._click.exceptions import ClickException
from typer.core import TyperGroup
from typer.exceptions import Abort

from workbench.cli.click_text import localise, show_aborted, show_error
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
    """The root group: runs the command, turns expected errors into message + exit code,
    and shows Typer's own help and errors in the workbench's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        localise(self)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        """Typer's `main`, but a usage error or an abort is printed by `show_error`."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        try:  # not standalone: Typer returns the exit code and raises what it would print
            code = super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        except ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except Abort:
            show_aborted()
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

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
