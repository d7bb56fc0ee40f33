"""Render every filing kind of a demo database to .docx, PDF and PNG for people to read.

    python scripts/render_filings.py OUT_DIR [--cases 300] [--today 2026-12-01] [--no-png]

For a consumer case and a merchant case at every stage it exports each kind the stage
offers (through the real export path, pre-flight included; all papers in the order of the
dates they bear, so each year's 文号 run with the dates), then converts each .docx
with LibreOffice (soffice) and each PDF's pages with poppler (pdftoppm), when installed.
Refusals are listed with their reasons; the exit status is 1 if any kind was refused.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    parser.add_argument("--no-png", action="store_true")
    args = parser.parse_args()

    from workbench.demo import fill_demo
    from workbench.domain.clock import FrozenClock, SystemClock
    from workbench.secrets import DEMO_PASSPHRASE
    from workbench.services.context import Workbench
    from workbench.services.specimens import export_decisions, export_specimens
    from workbench.store.engine import open_store

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    db = out / "demo.db"
    db.unlink(missing_ok=True)
    clock = FrozenClock.on(args.today) if args.today else SystemClock()
    # the demo's public passphrase: `workbench --db sqlite:///OUT/demo.db` opens it too
    store = open_store(f"sqlite:///{db}", lambda *_: DEMO_PASSPHRASE,
                       demo=True)
    from workbench.domain.law import load_register
    from workbench.filings.style import demo_style_path
    from workbench.services.law import demo_law_path
    from workbench.store.blobs import BlobStore

    wb = Workbench(store=store, actor="demo", clock=clock, filings_style=demo_style_path(),
                   blobs=BlobStore(out / "evidence"), law=load_register(demo_law_path()))
    fill_demo(wb, cases=args.cases, seed=1)  # with the demo's evidence files
    made = export_specimens(wb, out) + export_decisions(wb, out)
    refused = [s for s in made if s.path is None]
    for s in made:
        mark = "✓" if s.path else "✗"
        print(f"{mark} {s.stage:<10} {s.complainant_kind:<8} {s.kind:<26} "
              f"{s.path.name if s.path else s.problem}")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    written = [s.path for s in made if s.path is not None]
    if soffice:
        # one conversion per folder, in a profile of this run's own (two runs at once
        # would otherwise share, and lock, the user's LibreOffice profile)
        profile = (out / ".lo-profile").resolve().as_uri()
        for folder in sorted({p.parent for p in written}):
            docx = [str(p) for p in written if p.parent == folder and p.suffix == ".docx"]
            subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(folder), *docx],
                           check=False, capture_output=True, timeout=600)
    if not args.no_png and shutil.which("pdftoppm"):
        for path in written:
            pdf = path.with_suffix(".pdf")
            if pdf.exists():
                subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf),
                                str(pdf.with_suffix(""))], check=False, timeout=180)
    print(f"{len(made) - len(refused)} written, {len(refused)} refused → {out}")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
