"""Import speed (issue 14: 10,000 rows in under 60 s).

    .venv/bin/python benchmarks/import_rows.py [--rows 10000] [--keep DIR]

Generates a 12315-style .xlsx (a merged title row, 50 providers, a few rows in twenty
invalid, a few repeated complainants), then imports it into a fresh SQLite database: a
dry run, the real run and a second run that creates nothing. Prints each phase's time and
rows per second, by the wall clock and by this process's CPU time (on a shared machine
the wall clock also counts other work). Writing the file is timed apart. Nothing here
asserts.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.import_support import row_12315, write_xlsx  # noqa: E402
from workbench.domain import validators as v  # noqa: E402
from workbench.domain.clock import FrozenClock  # noqa: E402
from workbench.services import imports  # noqa: E402
from workbench.services.context import Workbench  # noqa: E402
from workbench.store.engine import open_store  # noqa: E402

PROVIDERS = [(f"示例{name}支付有限公司", v.make_uscc(f"9111010{i:02d}MA01ABC0"[:17]))
             for i, name in enumerate(("汇达", "盛付", "通联", "嘉联", "随行", "拉卡", "乐刷",
                                       "易宝", "钱宝", "海科") * 5)]


def rows(n: int, rng: random.Random) -> list[list[object]]:
    out = []
    for i in range(1, n + 1):
        name, uscc = PROVIDERS[i % len(PROVIDERS)] if i % len(PROVIDERS) < 10 else (
            f"示例第{i % len(PROVIDERS)}号支付有限公司", "")
        amount = f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}元"
        changes: dict[str, object] = {"被投诉人": name, "被投诉人统一社会信用代码": uscc,
                                      "涉及金额": amount,
                                      "投诉内容": "商户反映POS机费率被擅自上调，客服推诿。" * 10}
        if i % 20 == 0:
            changes["联系电话"] = "12345"  # refused
        out.append(row_12315(i, **changes))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="wb-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path = write_xlsx(folder / "12315.xlsx", rows(args.rows, random.Random(1)))
    print(f"wrote {args.rows:,} rows to {path} in {time.perf_counter() - started:.1f} s")
    store = open_store(f"sqlite:///{folder / 'wb.db'}", lambda *_: "benchmark-passphrase")
    wb = Workbench(store=store, actor="bench", clock=FrozenClock.on(__import__(
        "datetime").date(2026, 11, 26)))
    for label, dry in (("dry run", True), ("real run", False), ("second run", False)):
        started, cpu = time.perf_counter(), time.process_time()
        report = imports.import_file(wb, path, dry_run=dry)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"{label:>10}: {took:6.1f} s wall ({args.rows / took:5.0f} rows/s), "
              f"{cpu:6.1f} s CPU ({args.rows / cpu:5.0f} rows/s)  {report.summary}")
    store.dispose()


if __name__ == "__main__":
    main()
