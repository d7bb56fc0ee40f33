"""`workbench demo`: fill an empty database with fictional cases."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from workbench.cli.options import open_workbench
from workbench.cli.output import say, say_progress
from workbench.cli.root import app


@app.command()
def demo(
    ctx: typer.Context,
    cases: Annotated[int, typer.Option("--cases", min=1, max=5_000_000,
                                       help="How many cases.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
) -> None:
    """Fill an empty database with realistic, fictional demo cases."""
    from workbench.demo import fill_demo
    from workbench.errors import RuleViolation

    wb = open_workbench(ctx, demo=True, fill_demo=False, identify=False)
    if not wb.store.demo:
        raise RuleViolation("This database holds real data (it is not a demo database).",
                            "Give --db a new file for the demo.")
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 1 or done == total:
            last[0] = now
            say_progress(f"  {done:,}/{total:,} cases")

    generated = fill_demo(wb, cases=cases, seed=seed, progress=progress) or 0
    say("", err=True)
    say(f"Demo database ready: {generated:,} cases in "
         f"{time.perf_counter() - started:.1f} s.")
