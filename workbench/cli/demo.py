"""`workbench demo`: fill an empty database with fictional cases."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from workbench.cli.options import open_workbench
from workbench.cli.output import say, say_progress
from workbench.cli.root import app
from workbench.i18n import _


@app.command(help=_("用逼真的虚构演示案件填充一个空数据库。"))
def demo(
    ctx: typer.Context,
    cases: Annotated[int, typer.Option("--cases", min=1, max=5_000_000,
                                       help=_("案件数量。"))] = 2000,
    seed: Annotated[int, typer.Option("--seed", help=_("相同的种子生成相同的数据。"))] = 1,
    files: Annotated[bool, typer.Option(
        "--files/--no-files",
        help=_("为证据记录生成演示文件（--no-files：只写记录，供百万件规模的性能测试使用；"
               "之后 evidence verify 会报告文件缺失）。"))] = True,
) -> None:
    from workbench.demo import fill_demo
    from workbench.errors import RuleViolation

    wb = open_workbench(ctx, demo=True, fill_demo=False, identify=False)
    if not wb.store.demo:
        raise RuleViolation(_("这个数据库存有真实数据（不是演示数据库）。"),
                            _("请用 --db 为演示数据库指定一个新文件。"))
    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 1 or done == total:
            last[0] = now
            say_progress(_("  {done:,}/{total:,} 件").format(done=done, total=total))

    generated = fill_demo(wb, cases=cases, seed=seed, progress=progress, files=files) or 0
    say("", err=True)
    say(_("演示数据库已就绪：{generated:,} 件案件，用时 {seconds:.1f} 秒。").format(
        generated=generated, seconds=time.perf_counter() - started))
