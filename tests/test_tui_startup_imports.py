"""The queue's start-up loads only what its first page needs (issue 17, "paint and page"):
the filings code (python-docx, lxml), Alembic's command layer, the pattern detector, the
provider registry's fuzzy matching and the phone-number metadata load when first used, not
before the first page is painted (nor while it is: the first page's query runs in a worker
thread)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import open_test_store

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("docx", "lxml", "alembic.config", "alembic.command", "rapidfuzz",
                "workbench.services.filings", "workbench.services.patterns",
                "workbench.tui.export", "phonenumbers")


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


def test_the_first_page_query_loads_no_filings_code(sqlite_url: str) -> None:
    open_test_store(sqlite_url).dispose()  # created (and migrated) here, opened there
    # the queue's load worker: parse the view's filter, read the first page
    script = (
        "import json, sys\n"
        "from tests.conftest import open_test_store\n"
        "from workbench.services import queue as q\n"
        "from workbench.services.context import Workbench\n"
        f"wb = Workbench(store=open_test_store({sqlite_url!r}), actor='alice')\n"
        "flt = q.parse(wb, 'assignee:me status:open')\n"
        "q.load_page(wb, q.QueryGate(), flt, q.scope(wb), sort='due', descending=False,\n"
        "            cursor=0, limit=100)\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({NOT_AT_START!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT, timeout=120).stdout
    assert json.loads(out.splitlines()[-1]) == []
