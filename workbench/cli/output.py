"""The one way the command line prints: every line passes the terminal sanitiser.

Data (titles, reasons, names, paths, error messages that quote them) is shown with its
control, escape and bidi characters as marks (�), so nothing stored can set the
clipboard, retitle the window or clear the screen. Nothing here parses markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from workbench.i18n import _
from workbench.os_reasons import os_reason
from workbench.terminal_text import clean


def say(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """Print `text` (newlines kept, everything else a terminal would act on shown)."""
    typer.echo(clean(text, one_line=False), err=err, nl=nl)


def say_progress(text: object) -> None:
    """Overwrite the current stderr line with `text` (a counter while a job runs)."""
    typer.echo("\r" + clean(text), nl=False, err=True)


def write_file(path: Path, write: Callable[[Path], Path]) -> None:
    """Write an export with `write` and say where; a path that cannot be written is a
    clear message (StorageError), never a traceback."""
    from workbench.errors import StorageError

    try:
        written = write(path)
    except OSError as exc:
        raise StorageError(_("无法写入 {path}：{reason}").format(
            path=path, reason=os_reason(exc)),
                           _("请检查目录是否存在、是否可写，或换一个文件路径。")) from exc
    say(_("已写入 {written}").format(written=written))
