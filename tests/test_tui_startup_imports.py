"""The queue's start-up loads only what its first page needs (issue 17, "paint and page"):
the filings code (python-docx, lxml), Alembic's command layer and the provider registry's
fuzzy matching load when first used, not before the first page is painted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("docx", "lxml", "alembic.config", "alembic.command", "rapidfuzz",
                "workbench.services.filings", "workbench.filings", "workbench.tui.export")


def test_opening_the_queue_loads_no_filings_code_nor_alembic_commands() -> None:
    # what `workbench` (no subcommand) imports to open the database and show the queue
    script = (
        "import json, sys\n"
        "import workbench.cli.root, workbench.services.database\n"
        "import workbench.tui.app, workbench.tui.queue_screen\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({NOT_AT_START!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=120).stdout
    assert json.loads(out) == []
