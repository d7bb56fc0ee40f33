"""Queue latency on a large database (issue: the case queue at a million cases).

    .venv/bin/workbench demo --cases 1000000 --db sqlite:////tmp/q1m.db   # once (minutes)
    .venv/bin/python benchmarks/queue_latency.py --db sqlite:////tmp/q1m.db

Prints: process start → first page painted for `workbench` and for a minimal Textual
app importing the same packages (and the ratio); `/` filter keystroke → rows painted
(median, p95) for a Chinese text query and for structured filters; page down and jump
to the end; resident memory; the size of the query indexes (short-word grams, categories).
Nothing here asserts: compare with the issue's numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import pty
import re
import select
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent / "workbench"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")

MINIMAL_APP = """
import textual.app, textual.widgets, sqlmodel, sqlalchemy, alembic, pydantic, platformdirs
import typer, cryptography.hazmat.primitives.ciphers.aead, chinese_calendar, stdnum.cn.ric
class A(textual.app.App):
    def compose(self):
        yield textual.widgets.Static("TS-READY")
A().run()
"""


def time_to_text(argv: list[str], needle: bytes, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from spawn until `needle` is on screen, and the child's RSS (kB) then."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    seen = b""
    rss = 0
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise SystemExit(f"timed out; screen: {ANSI.sub(b'', seen)[-500:]!r}")
            seen += os.read(fd, 65536)
            if needle in ANSI.sub(b"", seen):
                elapsed = time.perf_counter() - started
                break
        time.sleep(1.5)  # let workers settle, then read memory
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
        os.write(fd, b"q")
        time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)
    return elapsed, rss


async def latencies(url: str) -> None:
    from tests.tui_support import make_app, queue

    app = make_app(url, user="wang.li")
    async with app.run_test(size=(160, 48)) as pilot:
        screen, table = queue(app)

        async def until(cond, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            while not cond():
                await asyncio.sleep(0.001)
                if time.perf_counter() - started > timeout:
                    raise SystemExit("timed out")
            await pilot.pause()
            return (time.perf_counter() - started) * 1000

        await until(lambda: table.total > 0 and table.current() is not None)
        # What the harness itself costs: a key that does nothing, pressed and settled.
        overhead = []
        for _ in range(10):
            started = time.perf_counter()
            await pilot.press("z")
            await until(lambda: True)
            overhead.append((time.perf_counter() - started) * 1000)
        base = statistics.median(overhead)
        print(f"harness overhead per key:      {base:.1f} ms (subtracted below)")
        await pilot.press("7")
        await until(lambda: screen.current_query is not None
                    and screen.current_query.generation == screen.generation
                    and table.current() is not None)
        print(f"all cases in the queue:        {table.total:,}")

        def short_term(text: str) -> bool:
            """Whether the filter has a free-text word under 3 characters (a scan)."""
            from workbench.domain.query import FilterError, Key, parse_filter

            try:
                flt = parse_filter(text, app.wb.today())
            except FilterError:
                return False
            return any(t.key is Key.TEXT and any(len(v) < 3 for v in t.values)
                       for t in flt.terms)

        async def typing(label: str, text: str) -> None:
            await pilot.press("slash")
            times = []
            short = []
            for i, ch in enumerate(text):
                generation = screen.generation
                started = time.perf_counter()
                await pilot.press(ch)
                await until(lambda g=generation: screen.generation > g and (
                    (screen.current_query is not None
                     and screen.current_query.generation == screen.generation)
                    or screen.query_one("#filter-error").display))
                elapsed = (time.perf_counter() - started) * 1000 - base
                (short if short_term(text[:i + 1]) else times).append(elapsed)
            for _ in text:
                await pilot.press("backspace")
            await until(lambda: screen.current_query is not None
                        and screen.current_query.generation == screen.generation)
            await pilot.press("enter")
            times.sort()
            if times:  # a filter of short words only has none
                p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
                print(f"filter {label:<22} median {statistics.median(times):6.1f} ms  "
                      f"p95 {p95:6.1f} ms  (n={len(times)} keystrokes)")
            else:
                print(f"filter {label}")
            if short:
                print(f"  …while a 1–2 character word was typed: median "
                      f"{statistics.median(short):6.1f} ms, max {max(short):6.1f} ms "
                      f"(n={len(short)}; from the 1–2 character gram index)")

        await typing("Chinese text", "押金退还激活费")
        await typing("structured", "stage:mediation overdue")
        await typing("structured 2", "cat:跳码 priority:high")
        await typing("short words", "王 跳码 ts")

        for label, key in (("page down (f)", "f"), ("jump to end (G)", "G"),
                           ("jump to top (g)", "g"), ("page down (ctrl+d)", "ctrl+d")):
            times = []
            for _ in range(5):
                started = time.perf_counter()
                await pilot.press(key)
                await until(lambda: table.current() is not None)
                times.append((time.perf_counter() - started) * 1000 - base)
                if key == "G":
                    await pilot.press("g")
                    await until(lambda: table.current() is not None)
            print(f"{label:<30} median {statistics.median(times):6.1f} ms  "
                  f"max {max(times):6.1f} ms")


# The structures behind 1–2 character words and `cat:` (migration 0014_query_indexes).
SQLITE_SIZES = ("case_grams%", "case_category", "ix_case_category_category_case",
                "ix_case_estimated_due_sort")
PG_SIZES = ("case_category", "ix_case_category_category_case", "case_search_grams",
            "ix_case_estimated_due_sort")


def index_sizes(url: str) -> None:
    """The database-size cost of the query indexes: dbstat (SQLite), pg_relation_size."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            total = conn.execute(text("SELECT page_count * page_size FROM pragma_page_count(), "
                                      "pragma_page_size()")).scalar_one()
            sizes = {name: conn.execute(text(
                "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE :n"),
                {"n": name}).scalar_one() for name in SQLITE_SIZES}
        else:
            total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            sizes = {name: conn.execute(text("SELECT pg_relation_size(CAST(:n AS regclass))"),
                                        {"n": name}).scalar_one() for name in PG_SIZES}
            sizes["case_search.grams (column)"] = conn.execute(text(
                "SELECT coalesce(sum(pg_column_size(grams)), 0) FROM case_search")).scalar_one()
    engine.dispose()
    for name, size in sizes.items():
        print(f"index size {name:<32} {size / 2**20:8.1f} MB")
    print(f"index size, all of the above:            {sum(sizes.values()) / 2**20:8.1f} MB "
          f"of {total / 2**20:,.0f} MB ({100 * sum(sizes.values()) / max(total, 1):.1f}%)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="48",
               WORKBENCH_DATA_KEY=os.environ.get("WORKBENCH_DATA_KEY", "unused-for-demo"))
    minimal = [sys.executable, "-c", MINIMAL_APP]
    app_s, app_rss = time_to_text([str(BIN), "--db", args.db, "--user", "wang.li"], b"TS-",
                                  env)
    min_s, _ = time_to_text(minimal, b"TS-READY", env)
    print(f"start → first page painted:    {app_s:.2f} s (target ≤ 1.0 s)")
    print(f"minimal Textual app start:     {min_s:.2f} s")
    print(f"ratio:                         {app_s / min_s:.2f} (target ≤ 2)")
    print(f"resident memory after start:   {app_rss / 1024:.0f} MB (target ≤ 150 MB)")
    os.environ.setdefault("WORKBENCH_DATA_KEY", "unused-for-demo")
    asyncio.run(latencies(args.db))
    index_sizes(args.db)


if __name__ == "__main__":
    main()
