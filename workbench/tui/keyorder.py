"""Keys of a burst apply in order, each to the widget that has focus once every earlier
key was handled.

Textual reads a key at the app and hands it to the widget focused *then*; the key's
bindings (Tab's focus move, Esc's question) run later, when it bubbles back up. A burst
(a fast typist, keys sent in one write over SSH) is read faster than that, so the keys
after a Tab went to the field being left. Here the app holds every key read while an
earlier one is still on its way (handled by the focused widget, then by each parent up
to the app) and lets the next one go once it is done. A bracketed paste is one event
(`events.Paste`) and goes whole into the focused field, as before.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.timer import Timer

STUCK = 1.0  # seconds: a key not done by then (its widget went away) lets the next go


class KeyOrder:
    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.current: events.Key | None = None  # the key on its way
        self.held: deque[events.Key] = deque()
        self._timer: Timer | None = None
        self._feeding: events.Key | None = None

    def hold(self, event: events.Event) -> bool:
        """True if `event` (a key just read) waits for the key before it."""
        if not isinstance(event, events.Key) or event.is_forwarded or event is self._feeding:
            return False
        if self.current is not None:
            self.held.append(event)
            if self._timer is None:
                self._timer = self.app.set_timer(STUCK, self._stuck)
            return True
        self.current = event
        return False

    def read(self, event: events.Event) -> None:
        """After the app read `event`: follow the key to where it went, or it is done."""
        if not isinstance(event, events.Key) or event is not self.current:
            return
        if event.is_forwarded:
            target = self.app.focused or self.app.screen
            target.call_later(self._check, target, event)
        else:  # a priority binding took it, or it was held for a dialog
            self.done(event)

    def _check(self, node: MessagePump, event: events.Key) -> None:
        """After `node` handled the key: done at the app, else after its parent (even
        when stopped: a key stops at the parent after the one that sent it, and a parent
        may still have it queued)."""
        if event is not self.current:
            return
        parent = node._parent
        if parent is None or node is self.app:
            self.done(event)
        else:
            parent.call_later(self._check, parent, event)

    def done(self, event: events.Key) -> None:
        if event is not self.current:
            return
        self.current = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.held:
            self.current = self.held.popleft()
            self._timer = self.app.set_timer(STUCK, self._stuck)
            self.app.call_later(self._feed, self.current)

    def _stuck(self) -> None:
        self._timer = None
        if self.current is not None:
            self.done(self.current)

    async def _feed(self, event: events.Key) -> None:
        self._feeding = event
        try:
            await self.app.on_event(event)
        finally:
            self._feeding = None
