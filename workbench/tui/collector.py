"""Garbage collection around start-up (issue 17, "paint and page").

Start-up builds hundreds of thousands of objects that live as long as the process (modules,
classes, SQLAlchemy's and Textual's tables); the collector would scan them again and again
before the first page is painted. `pause()` (the root command, when it opens the queue)
stops it; `resume()` (after the first page is painted, or the first failure) freezes what
start-up made, so no later collection scans it, and turns collection back on. Both are
no-ops when there is nothing to do: tests and subcommands never pause.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until `resume()`, if it is on."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze everything alive now (start-up's objects) and collect again, once."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    return _paused
