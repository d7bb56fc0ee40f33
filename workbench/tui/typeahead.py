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

from typing import Any, cast

from textual import events
from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

_READ_ON = "_workbench_read_on"  # the screen on top when the app first read the key
_READ_FOCUS = "_workbench_read_focus"  # the widget focused then
_RETYPED = "_workbench_retyped"  # a key typed again by this module for a dialog
_WAITING = "_workbench_waiting"  # keys for the next dialog of a flow (on the app)
_COMING = "_workbench_coming"  # a form screen is about to be pushed (on the app)


def screen_coming(app: App[Any]) -> None:
    """Every key from now on waits for the screen about to be pushed (one that
    `HoldsKeys`, e.g. the intake form after its saved draft is read)."""
    setattr(app, _COMING, True)


def read(app: App[Any], event: events.Event) -> bool:
    """Remember on which screen a key was first read; True if it is held instead (a key
    retyped for a dialog that has closed waits for the flow's next dialog). A key the
    caseworker types on a full screen ends that wait."""
    if not isinstance(event, events.Key) or event.is_forwarded:
        return False
    held = getattr(app.screen, "held_keys", None)
    if isinstance(held, HeldKeys) and held.keys is not None:  # behind those it holds
        held.keys.append(event)
        return True
    setattr(event, _READ_FOCUS, app.focused)
    if isinstance(app.screen, ModalScreen):
        setattr(event, _READ_ON, app.screen)
        return False
    if getattr(event, _RETYPED, False) or getattr(app, _COMING, False):
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
    if read_on is None:
        return
    if getattr(app, _COMING, False):  # read before the key that opens it ran
        waiting(app).append(event)
        event.prevent_default()
        event.stop()
        return
    if read_on is app.screen:  # a text field focused since (the queue's `/`): into it
        if getattr(event, _READ_FOCUS, None) is not app.focused and isinstance(
                app.focused, Input | TextArea) and event.is_printable:
            event.prevent_default()
            event.stop()
            app.post_message(retyped(event, for_dialog=False))
        return
    if isinstance(app.screen, ModalScreen):
        app.post_message(retyped(event))
    elif isinstance(read_on, ModalScreen) and read_on not in app.screen_stack:
        waiting(app).append(event)
    else:
        return
    event.prevent_default()  # not the bindings of whatever screen is on top now
    event.stop()


def retyped(event: events.Key, *, for_dialog: bool = True) -> events.Key:
    key = events.Key(event.key, event.character)
    # from no widget, as a key from the terminal: Textual stops a key at the parent of
    # the one that sent it, and a Tab stopped short of the app moves no focus
    key._sender = None
    setattr(key, _RETYPED, for_dialog)
    return key


class HeldKeys:
    """The keys for a dialog still mounting (and those waiting for it, typed into the
    dialog before it), in order, typed again once a widget of it has focus (after the
    dialog's own on_mount focus has run), or soon after it is up if none takes focus."""

    def __init__(self) -> None:
        self.keys: list[events.Key] | None = []

    def hold(self, screen: Screen[Any], event: events.Key) -> None:
        if self.keys is not None:  # before those held are typed: after them
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
            setattr(screen.app, _COMING, False)
        # never held for long: typed into whatever has focus two refreshes on, if any
        screen.call_after_refresh(screen.call_after_refresh, self.release, screen)

    def release(self, screen: Screen[Any]) -> None:
        keys, self.keys = self.keys, None
        for key in keys or ():  # a form screen keeps them; a closed dialog passes them on
            screen.app.post_message(retyped(key, for_dialog=isinstance(screen, ModalScreen)))


class HoldsKeys:
    """For a dialog or a form screen: the keys typed while it mounts go into its field
    (`HeldKeys`). Textual calls these handlers for every class of the screen's MRO."""

    _held_keys: HeldKeys | None = None

    @property
    def held_keys(self) -> HeldKeys:
        if self._held_keys is None:
            self._held_keys = HeldKeys()
        return self._held_keys

    def _on_mount(self, event: events.Mount) -> None:
        self.held_keys.mounted(cast("Screen[Any]", self))

    async def _on_key(self, event: events.Key) -> None:
        self.held_keys.hold(cast("Screen[Any]", self), event)

    def _on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.held_keys.focused(cast("Screen[Any]", self))
