"""Time `workbench demo` end to end, as a user runs it, and verify the audit chain.

    .venv/bin/python benchmarks/demo.py --cases 100000
"""

from __future__ import annotations

import argparse
import os
import resource
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
        # the demo's evidence files beside the database, not in the user's data dir
        evidence = path.parent / (path.stem + "-evidence")
        env = {**os.environ, "WORKBENCH_EVIDENCE_DIR": str(evidence)}
        started = time.perf_counter()
        # --db is a global option: before the subcommand
        subprocess.run([str(BIN), "--db", url, "demo", "--cases", str(args.cases),
                        "--seed", str(args.seed)], check=True, env=env)
        elapsed = time.perf_counter() - started
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = used.ru_utime + used.ru_stime  # wall time alone means little on a shared machine
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        files = sum(p.stat().st_size for p in evidence.rglob("*") if p.is_file())
        started = time.perf_counter()
        verify = subprocess.run([str(BIN), "--db", url, "audit", "verify"],
                                capture_output=True, text=True, env=env)
        verify_s = time.perf_counter() - started
    print(f"cases:            {args.cases:,}")
    print(f"demo generation:  {elapsed:.1f} s wall, {cpu:.1f} s CPU (target ≤ 30 s for 100,000)")
    print(f"load average:     {os.getloadavg()[0]:.1f} (1 min, at the end)")
    print(f"database size:    {size / 1e6:.0f} MB (evidence files: {files / 1e6:.0f} MB)")
    print(f"audit verify:     {verify_s:.1f} s, exit {verify.returncode}: "
          f"{verify.stdout.strip() or verify.stderr.strip()}")


if __name__ == "__main__":
    main()
