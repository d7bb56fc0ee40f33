"""The append-only `CaseEvent` history and its hash chain.

Each event's hash covers its own fields and the previous event's hash. The head (last
seq and hash) is kept in `wb_meta` and updated in the same transaction, so deleting the
newest rows is caught as well as altering or deleting any older one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from workbench.domain.events import NewEvent
from workbench.i18n import _
from workbench.store.anchors import Anchor, AnchorLog
from workbench.store.models import CaseEvent, Meta

GENESIS = "0" * 64
HEAD_KEY = "chain_head"  # value: "<seq>:<hash>"
GENESIS_HEAD = f"0:{GENESIS}"
REAL_ACTOR = "real_actor"  # payload key: the real identity behind an admin acting as `actor`
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                            default=str)
# What `_ENCODER` does with a str (ensure_ascii=False), minus its Python-level dispatch.
_quoted = json.encoder.encode_basestring


def canonical(seq: int, case_id: int | None, kind: str, actor: str, at: datetime,
              payload: dict[str, Any], prev_hash: str) -> bytes:
    """The bytes an event's hash covers. Times are hashed in UTC, as they are stored."""
    return _canonical(seq, case_id, kind, actor, at, _ENCODER.encode(payload), prev_hash)


def _canonical(seq: int, case_id: int | None, kind: str, actor: str, at: datetime,
               payload_json: str, prev_hash: str) -> bytes:
    """`canonical` around an already encoded payload: the JSON object of the event's
    fields with sorted keys (actor, at, case, kind, payload, prev, seq), compact.

    Serialised field by field without a `json.dumps` each: strings through the C quoting
    function JSON uses, numbers and the ISO time written as they are.
    """
    at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    return (f'{{"actor":{_quoted(actor)},"at":"{at.isoformat(timespec="microseconds")}",'
            f'"case":{"null" if case_id is None else int(case_id)},"kind":{_quoted(kind)},'
            f'"payload":{payload_json},"prev":{_quoted(prev_hash)},"seq":{int(seq)}}}'
            ).encode()



def event_hash(seq: int, case_id: int | None, kind: str, actor: str, at: datetime,
               payload: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(seq, case_id, kind, actor, at, payload, prev_hash)).hexdigest()


def _parse_head(value: str | None) -> tuple[int, str]:
    if not value:
        return 0, GENESIS
    seq, _, digest = value.partition(":")
    return int(seq), digest


LOCK_TRIES = 3  # PostgreSQL: waits of lock_timeout each for the chain lock, then "busy"


def _lock_head(session: Session) -> Meta | None:
    """The chain head row, locked for this transaction. On PostgreSQL a wait longer than
    the lock timeout is retried inside a savepoint (the transaction stays usable) before
    the writer is told the database is busy."""
    query = select(Meta).where(Meta.key == HEAD_KEY).with_for_update()  # type: ignore[arg-type]
    if session.get_bind().dialect.name != "postgresql":
        return session.execute(query).scalar_one_or_none()
    for attempt in range(1, LOCK_TRIES + 1):
        try:
            with session.begin_nested():
                return session.execute(query).scalar_one_or_none()
        except OperationalError as exc:
            if attempt == LOCK_TRIES or "LockNotAvailable" not in type(exc.orig).__name__:
                raise
    raise AssertionError("unreachable")


class ChainWriter:
    """Appends events inside one write transaction, holding the chain lock.

    The lock is the `chain_head` row (SELECT … FOR UPDATE on PostgreSQL; SQLite's write
    transactions are already exclusive because we BEGIN IMMEDIATE).
    With `anchors`, a commit that makes an anchor due appends one after it commits.
    """

    def __init__(self, session: Session, at: datetime, anchors: AnchorLog | None = None,
                 real_actor: str = "") -> None:
        self.session = session
        self.at = at  # the transaction's one "now": every event it appends carries it
        self.anchors = anchors
        # who really acted when an admin acts as another login: every event records both
        self.real_actor = real_actor
        row = _lock_head(session)
        self._row_exists = row is not None
        self.seq, self.head = _parse_head(row.value if row else None)
        self._start_seq, self._hooked = self.seq, False

    def append(self, event: NewEvent, actor: str, *, case_id: int | None = None,
               at: datetime | None = None) -> CaseEvent:
        kind = str(event.kind)
        payload = json.loads(json.dumps(event.payload, ensure_ascii=False, default=str))
        if self.real_actor and self.real_actor != actor:
            payload[REAL_ACTOR] = self.real_actor
        at = at or self.at
        self.seq += 1
        digest = event_hash(self.seq, case_id, kind, actor, at, payload, self.head)
        row = CaseEvent(seq=self.seq, case_id=case_id, kind=kind, actor=actor, at=at,
                        payload=payload, prev_hash=self.head, hash=digest)
        self.session.add(row)
        self.head = digest
        return row

    def rows(self, event: NewEvent, actor: str, case_id: int | None,
             at: datetime) -> dict[str, Any]:
        """The same as `append`, as a plain dict for bulk inserts (demo generation).

        For speed the payload is not normalised (the builders make it JSON-native) and is
        encoded once: `payload_json` holds the text the hash covers, ready to store.
        """
        kind, payload = str(event.kind), event.payload
        self.seq += 1
        payload_json = _ENCODER.encode(payload)
        digest = hashlib.sha256(_canonical(self.seq, case_id, kind, actor, at, payload_json,
                                           self.head)).hexdigest()
        row = {"seq": self.seq, "case_id": case_id, "kind": kind, "actor": actor, "at": at,
               "payload": payload, "payload_json": payload_json, "prev_hash": self.head,
               "hash": digest}
        self.head = digest
        return row

    def close(self) -> None:
        """Write the new head; call once before the transaction commits."""
        value = f"{self.seq}:{self.head}"
        if self._row_exists:
            self.session.execute(update(Meta).where(Meta.key == HEAD_KEY)  # type: ignore[arg-type]
                                 .values(value=value))
        else:
            self.session.add(Meta(key=HEAD_KEY, value=value))
            self._row_exists = True
        self.session.flush()
        if self.anchors is not None and not self._hooked \
                and self.anchors.due(self._start_seq, self.seq, self.at):
            self._hooked = True
            sa_event.listen(self.session, "after_commit", self._anchor, once=True)

    def _anchor(self, _session: Session) -> None:
        """After the commit: the head is durable, so it can be anchored. The user's write
        never fails for this; `doctor` warns when anchors fall behind."""
        assert self.anchors is not None
        at = self.at.astimezone(UTC) if self.at.tzinfo else self.at.replace(tzinfo=UTC)
        with contextlib.suppress(OSError):
            self.anchors.append(Anchor(db=self.anchors.db_id, count=self.seq, seq=self.seq,
                                       hash=self.head, at=at.isoformat()))


@dataclass(frozen=True, slots=True)
class ChainProblem:
    seq: int | None
    message: str


def verify(session: Session, batch: int = 5000) -> Iterator[ChainProblem]:
    """Yield every break in the chain (empty when the history is intact)."""
    head_row = session.get(Meta, HEAD_KEY)
    head_seq, head_hash = _parse_head(head_row.value if head_row else None)
    expected_seq, prev = 1, GENESIS
    last_seq = 0
    while True:
        events = session.execute(
            select(CaseEvent).where(CaseEvent.seq >= expected_seq)  # type: ignore[arg-type]
            .order_by(CaseEvent.seq).limit(batch)  # type: ignore[arg-type]
        ).scalars().all()
        if not events:
            break
        for ev in events:
            if ev.seq != expected_seq:
                yield ChainProblem(expected_seq,
                                   _("事件 #{first}–#{last} 不见了（被删除）").format(
                                       first=expected_seq, last=ev.seq - 1))
                prev = ev.prev_hash  # resynchronise so later rows are still checked
            elif ev.prev_hash != prev:
                yield ChainProblem(ev.seq, _("事件 #{seq} 接不上事件 #{previous}"
                                             "（有一行被改动或替换）").format(
                                                 seq=ev.seq, previous=ev.seq - 1))
            digest = event_hash(ev.seq, ev.case_id, ev.kind, ev.actor, ev.at,
                                ev.payload, ev.prev_hash)
            if digest != ev.hash:
                what = ev.kind if ev.case_id is None else _("{kind}，案件 {case_id}").format(
                    kind=ev.kind, case_id=ev.case_id)
                yield ChainProblem(ev.seq, _("事件 #{seq}（{what}）写入后被改动过").format(
                    seq=ev.seq, what=what))
            prev = ev.hash
            expected_seq = ev.seq + 1
            last_seq = ev.seq
        session.expunge_all()
    if last_seq != head_seq:
        if last_seq < head_seq:
            yield ChainProblem(last_seq + 1,
                               _("事件 #{first}–#{last} 不见了（被删除）").format(
                                   first=last_seq + 1, last=head_seq))
        else:
            yield ChainProblem(head_seq + 1, _("#{seq} 之后的事件是在 workbench 之外添加的").format(
                                   seq=head_seq))
    elif last_seq and prev != head_hash:
        yield ChainProblem(last_seq, _("事件 #{seq} 与记录的链头不符").format(seq=last_seq))
