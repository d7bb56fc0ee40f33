"""The schema head, read from the migration files themselves (no constant to keep in step,
and no Alembic import at start-up)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

VERSIONS = Path(__file__).parent / "migrations" / "versions"
_FIELD = re.compile(r"^(revision|down_revision)\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@functools.cache
def head_revision() -> str:
    """The one revision no other migration builds on."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        fields = {name: value for name, value in _FIELD.findall(path.read_text("utf-8"))}
        if fields.get("revision"):
            revisions.add(fields["revision"])
        if fields.get("down_revision"):
            parents.add(fields["down_revision"])
    heads = revisions - parents
    if len(heads) != 1:  # pragma: no cover - a packaging mistake, caught by the tests
        raise RuntimeError(f"migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()
