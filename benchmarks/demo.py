"""Time `workbench demo` end to end, as a user runs it, and verify the audit chain.

    .venv/bin/python benchmarks/demo.py --cases 100000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "workbench"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the database here instead of a temp dir")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "demo.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        subprocess.run([str(BIN), "demo", "--cases", str(args.cases), "--db", url,
                        "--seed", str(args.seed)], check=True)
        elapsed = time.perf_counter() - started
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        started = time.perf_counter()
        verify = subprocess.run([str(BIN), "audit", "verify", "--db", url],
                                capture_output=True, text=True)
        verify_s = time.perf_counter() - started
    print(f"cases:            {args.cases:,}")
    print(f"demo generation:  {elapsed:.1f} s (target < 60 s for 100,000)")
    print(f"database size:    {size / 1e6:.0f} MB")
    print(f"audit verify:     {verify_s:.1f} s, exit {verify.returncode}: "
          f"{verify.stdout.strip() or verify.stderr.strip()}")


if __name__ == "__main__":
    main()
