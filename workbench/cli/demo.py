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
        raise RuleViolation("这个数据库存有真实数据（不是演示数据库）。",
                            "请用 --db 为演示数据库指定一个新文件。")
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 1 or done == total:
            last[0] = now
            say_progress(f"  {done:,}/{total:,} 件")

    generated = fill_demo(wb, cases=cases, seed=seed, progress=progress) or 0
    say("", err=True)
    say(f"演示数据库已就绪：{generated:,} 件案件，用时 "
        f"{time.perf_counter() - started:.1f} 秒。")
