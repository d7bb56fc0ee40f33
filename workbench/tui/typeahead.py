"""Type-ahead: keys typed in a burst right after the key that opens a dialog land in the
dialog, never on the screen behind it (where letters are commands).

Textual hands every key of a burst to the focused widget of the screen on top *when the
key is read*; keys nobody took there come back up to the app, which by then may have
pushed a dialog. Such a key (read on another screen than the dialog now on top) is typed
again into the dialog; and a dialog still mounting (no field focused yet) holds the keys
that reach it and types them once its field has focus (`HeldKeys`, in `WorkbenchModal`).
A dialog still needs to be pushed from the key itself (`ServiceCalls.open_dialog`), not
after a service call, for this to reach it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.screen import ModalScreen, Screen

_READ_ON = "_workbench_read_on"  # the screen on top when the app first read the key
_RETYPED = "_workbench_retyped"  # a key typed again by this module, not by the caseworker
_WAITING = "_workbench_waiting"  # keys for the next dialog of a flow (on the app)


def read(app: App[Any], event: events.Event) -> bool:
    """Remember on which screen a key was first read; True if it is held instead (a key
    retyped for a dialog that has closed waits for the flow's next dialog). A key the
    caseworker types on a full screen ends that wait."""
    if not isinstance(event, events.Key) or event.is_forwarded:
        return False
    if isinstance(app.screen, ModalScreen):
        setattr(event, _READ_ON, app.screen)
        return False
    if getattr(event, _RETYPED, False):
        waiting(app).append(event)
        return True
    waiting(app).clear()
    setattr(event, _READ_ON, app.screen)
    return False


def waiting(app: App[Any]) -> list[events.Key]:
    keys: list[events.Key] | None = getattr(app, _WAITING, None)
    if keys is None:
        keys = []
        setattr(app, _WAITING, keys)
    return keys


def follow_dialog(app: App[Any], event: events.Key) -> None:
    """A key back at the app that was read on another screen than the one on top: type it
    into the dialog on top now; a key typed into a dialog that has closed since waits for
    the flow's next dialog (`HeldKeys` takes it) and never acts on the screen below."""
    read_on: Screen[Any] | None = getattr(event, _READ_ON, None)
    if read_on is None or read_on is app.screen:
        return
    if isinstance(app.screen, ModalScreen):
        app.post_message(retyped(event))
    elif isinstance(read_on, ModalScreen) and read_on not in app.screen_stack:
        waiting(app).append(event)
    else:
        return
    event.prevent_default()  # not the bindings of whatever screen is on top now
    event.stop()


def retyped(event: events.Key) -> events.Key:
    key = events.Key(event.key, event.character)
    setattr(key, _RETYPED, True)
    return key


class HeldKeys:
    """The keys a dialog received before any of its widgets had focus (and those waiting
    for it, typed into the dialog before it), typed again once one has focus (after the
    dialog's own on_mount focus has run) or when none can."""

    def __init__(self) -> None:
        self.keys: list[events.Key] | None = []

    def hold(self, screen: Screen[Any], event: events.Key) -> None:
        if self.keys is not None and screen.focused is None:
            self.keys.append(event)
            event.prevent_default()
            event.stop()

    def focused(self, screen: Screen[Any]) -> None:
        if self.keys is not None:
            screen.call_after_refresh(self.release, screen)

    def mounted(self, screen: Screen[Any]) -> None:
        if self.keys is not None:
            early = waiting(screen.app)
            self.keys[:0] = early
            early.clear()
        screen.call_after_refresh(lambda: None if screen.focus_chain else self.release(screen))

    def release(self, screen: Screen[Any]) -> None:
        keys, self.keys = self.keys, None
        for key in keys or ():
            screen.app.post_message(retyped(key))
