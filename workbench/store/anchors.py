"""Anchors: the chain head written outside the database, one JSON line per anchor.

Whoever can write the database can recompute every hash after an edit; they cannot
unwrite a line already in an append-only file (or a syslog server elsewhere). `verify`
checks the chain against every anchor of this database, so a rewritten history shows up
as an anchored event whose hash changed, or as fewer events than an anchor counted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from workbench.i18n import _
from workbench.store.models import CaseEvent

DAILY = timedelta(days=1)
_TAIL = 64 * 1024  # the newest anchors are in the file's last bytes


@dataclass(frozen=True, slots=True)
class Anchor:
    db: str  # the database id: one file may hold several databases' anchors
    count: int  # events in the chain
    seq: int  # the newest event
    hash: str  # its hash
    at: str  # when, ISO 8601 UTC (from the workbench's clock)

    def line(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True) + "\n"


@dataclass(frozen=True, slots=True)
class AnchorProblem:
    anchor: Anchor | None
    message: str


@dataclass
class AnchorLog:
    """The anchor file of one database; `syslog` also sends each anchor to syslog."""

    path: Path
    db_id: str
    every: int = 1000
    syslog: bool = False
    _last_at: datetime | None = field(default=None, repr=False)
    _read: bool = field(default=False, repr=False)

    def append(self, anchor: Anchor) -> None:
        """Add one line (O_APPEND, created 0600); OSError if the file cannot be written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, anchor.line().encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        self._last_at, self._read = datetime.fromisoformat(anchor.at), True
        if self.syslog:
            _to_syslog(anchor)

    def anchors(self) -> Iterator[Anchor | AnchorProblem]:
        """This database's anchors, oldest first (a line that does not parse: a problem)."""
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        with handle:
            for number, raw in enumerate(handle, start=1):
                anchor = _parse(raw)
                if anchor is None:
                    yield AnchorProblem(None, _("锚点文件 {path} 第 {number} 行无法读取"
                                                "（文件被改动过？）").format(
                                                    path=self.path, number=number))
                elif anchor.db == self.db_id:
                    yield anchor

    def last_at(self) -> datetime | None:
        """When this database was last anchored (read once, then kept)."""
        if not self._read:
            self._read = True
            newest = None
            for item in self._tail() or self.anchors():
                if isinstance(item, Anchor):
                    newest = item
            self._last_at = datetime.fromisoformat(newest.at) if newest else None
        return self._last_at

    def _tail(self) -> list[Anchor]:
        try:
            with self.path.open("rb") as handle:
                handle.seek(max(0, self.path.stat().st_size - _TAIL))
                lines = handle.read().splitlines()[1:]  # the first may be cut
        except OSError:
            return []
        return [a for a in map(_parse, lines) if a is not None and a.db == self.db_id]

    def due(self, seq_before: int, seq_after: int, at: datetime) -> bool:
        """Whether a commit that took the chain from seq_before to seq_after should anchor:
        every `every` events, and at least daily. Cheap: the file is read once a process."""
        if seq_after <= seq_before:
            return False
        if seq_after // self.every > seq_before // self.every:
            return True
        last = self.last_at()
        return last is None or at - last >= DAILY


def _parse(raw: bytes) -> Anchor | None:
    try:
        data = json.loads(raw)
        return Anchor(db=str(data["db"]), count=int(data["count"]), seq=int(data["seq"]),
                      hash=str(data["hash"]), at=str(data["at"]))
    except (ValueError, KeyError, TypeError):
        return None


def _to_syslog(anchor: Anchor) -> None:
    try:
        import syslog
    except ImportError:  # not on this platform: the file is still written
        return
    syslog.openlog("pos-workbench", 0, syslog.LOG_AUTH)
    syslog.syslog(syslog.LOG_NOTICE, "audit-anchor " + anchor.line().strip())


def check(session: Session, log: AnchorLog) -> Iterator[AnchorProblem]:
    """Every anchor the database no longer matches: the anchored event must still exist
    with the anchored hash, and the chain must hold at least as many events."""
    count = int(session.execute(select(func.count()).select_from(CaseEvent)).scalar_one())
    for item in log.anchors():
        if isinstance(item, AnchorProblem):
            yield item
            continue
        stored = session.execute(select(col(CaseEvent.hash))
                                 .where(col(CaseEvent.seq) == item.seq)).scalar_one_or_none()
        if stored is None:
            yield AnchorProblem(item, _("锚点（{at}）记录的事件 #{seq} 已不存在："
                                        "历史被删减").format(at=item.at, seq=item.seq))
        elif stored != item.hash:
            yield AnchorProblem(item, _("锚点（{at}）记录的事件 #{seq} 哈希已变："
                                        "该事件或其之前的历史被改写并重算了哈希").format(
                                            at=item.at, seq=item.seq))
        if count < item.count:
            yield AnchorProblem(item, _("锚点（{at}）时有 {anchored} 个事件，现在只有 "
                                        "{count} 个：历史被删减").format(
                                            at=item.at, anchored=item.count, count=count))
