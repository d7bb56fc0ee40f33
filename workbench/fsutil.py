"""Small file-system helpers shared by the store and the filings (a leaf module)."""

from __future__ import annotations

import os
from pathlib import Path

FILING_TEMP_GLOB = ".filing-*.tmp"  # what an interrupted export leaves (filings.documents)


def fsync_directory(path: Path) -> None:
    """Make a rename in `path` durable (best effort: not every platform can open a
    directory)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
