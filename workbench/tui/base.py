"""The base screen and modal every workbench screen and dialog derives from.

They hold the service context (`self.wb`, and `self.wbapp` for the app's settings and
navigation), typed once. Services are called in one way: `await self.run_service(fn, ...)`
runs `fn` in a thread worker and returns its result to the calling flow; an expected
`WorkbenchError` (or a database that went away) is shown once as an error notification
and ends the flow quietly (`Refused`); anything else is a bug and is not swallowed.

A flow is an async method decorated with `@flow()`: it runs as a worker, so it may
`await self.app.push_screen_wait(dialog)` for each step of a multi-step action.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, ClassVar, Concatenate, ParamSpec, TypeVar, cast

from textual import events, on
from textual.await_complete import AwaitComplete
from textual.binding import ActiveBinding, Binding, BindingType
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerCancelled, WorkerFailed

from workbench.errors import WorkbenchError
from workbench.i18n import N_, _, binding_description
from workbench.services.failures import database_unavailable
from workbench.tui.compositor import GlyphSafeCompositor
from workbench.tui.footer import KeyFooter
from workbench.tui.text import clean
from workbench.tui.typeahead import HoldsKeys

if TYPE_CHECKING:
    from workbench.services.context import Workbench
    from workbench.tui.app import WorkbenchApp

P = ParamSpec("P")
T = TypeVar("T")
R = TypeVar("R")
N = TypeVar("N", bound=DOMNode)

FLOW = "flow"  # group prefix of async flows (tests wait for thread workers, not for these)
SERVICE = "service"  # group of the thread workers that run service calls


class Refused(Exception):
    """A service call failed in an expected way; the caseworker has been told."""


def failure_text(error: BaseException, what: str = "") -> str | None:
    """What to tell the caseworker about `error`, or None if it is a bug (re-raise it).

    `what` introduces a database failure, e.g. 计数失败."""
    if isinstance(error, WorkbenchError):
        return clean(error.message)
    if database_unavailable(error):
        return _("{what}：{error}").format(what=what or _("数据库不可用"), error=clean(error))
    return None


FlowMethod = Callable[Concatenate[N, P], Coroutine[Any, Any, None]]


def flow(*, group: str = FLOW, exclusive: bool = False
         ) -> Callable[[FlowMethod[N, P]], Callable[Concatenate[N, P], None]]:
    """Run the decorated async method as a worker (a multi-step action or a load).

    Calling the method starts it and returns at once. `Refused` ends it quietly: the
    message was already shown.
    """
    if not group.startswith(FLOW):
        group = f"{FLOW}:{group}"

    def decorate(method: FlowMethod[N, P]) -> Callable[Concatenate[N, P], None]:
        @functools.wraps(method)
        def start(self: N, *args: P.args, **kwargs: P.kwargs) -> None:
            async def run() -> None:
                with contextlib.suppress(Refused):
                    await method(self, *args, **kwargs)

            self.run_worker(run(), name=method.__name__, group=group, exclusive=exclusive)

        return start

    return decorate


class ServiceCalls(DOMNode):
    """The service context and the one way to call a service (mixed into the bases)."""

    def open_dialog(self, dialog: ModalScreen[R],
                    then: Callable[[R | None], Coroutine[Any, Any, None]]) -> None:
        """Push `dialog` at once (not from a worker), so keys typed right after the key that
        opened it land in it; `then(result)` runs as a flow when it is dismissed."""
        def done(result: R | None) -> None:
            async def run() -> None:
                with contextlib.suppress(Refused):
                    await then(result)

            self.run_worker(run(), name=type(dialog).__name__, group=FLOW)

        self.app.push_screen(dialog, callback=done)

    @property
    def wbapp(self) -> WorkbenchApp:
        return cast("WorkbenchApp", self.app)

    @property
    def wb(self) -> Workbench:
        return self.wbapp.wb

    def show_error(self, message: str, *, title: str = "") -> None:
        """One error notification; `message` is shown as text (`WorkbenchApp.notify`)."""
        self.app.notify(message, title=title, severity="error", markup=False, timeout=10)

    # a screen's title and sub-title reach the header: through the sanitiser
    def validate_title(self, title: str | None) -> str | None:
        return None if title is None else clean(title)

    def validate_sub_title(self, sub_title: str | None) -> str | None:
        return None if sub_title is None else clean(sub_title)

    async def run_service(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """`fn(*args, **kwargs)` in a thread worker, its result back on the UI thread.

        Raises `Refused` after showing the message when the service refuses or the
        database is unavailable; re-raises anything else.
        """
        return await self.run_service_except((), fn, *args, **kwargs)

    async def run_service_except(self, handled: tuple[type[Exception], ...],
                                 fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """`run_service`, except that errors of the `handled` types are raised as they
        are, unshown, for the caller to deal with (an edit conflict, intake mistakes)."""
        worker = self.run_worker(functools.partial(fn, *args, **kwargs), thread=True,
                                 group=SERVICE, name=getattr(fn, "__name__", "service"),
                                 exit_on_error=False)
        try:
            return await worker.wait()
        except WorkerCancelled:
            raise Refused("cancelled") from None
        except WorkerFailed as failed:
            error = failed.error
            if isinstance(error, handled):
                raise error from None
            text = failure_text(error)
            if text is None:
                raise error from None
            self.show_error(text)
            raise Refused(text) from error


def translated(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The bindings with their descriptions in the current language (see workbench.i18n):
    what the footer, the help and the palette read."""
    return {key: active._replace(binding=dataclasses.replace(
        active.binding, description=binding_description(active.binding.description)))
        for key, active in bindings.items()}


class WorkbenchScreen(ServiceCalls, Screen[T]):
    """A full screen of the workbench, under the header that says who and where you are."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    @on(events.Mount)
    def _mount_header(self) -> None:
        from workbench.tui.header import AppHeader

        self.mount(AppHeader(), before=0)

    def __init__(self) -> None:
        super().__init__()
        self._compositor = GlyphSafeCompositor()  # toasts keep every CJK character


class WorkbenchModal(ServiceCalls, HoldsKeys, ModalScreen[T]):
    """A dialog; it dims the screen below (`.dialog` in app.tcss). `q` backs out of it as
    Esc does (in a text field q is typed), never quitting the app from under a dialog."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "back_out", N_("返回（关闭对话框，同 Esc）"), id="dialog.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog")
        self._compositor = GlyphSafeCompositor()
        self._dismissed = False

    def on_mount(self) -> None:
        # the dialog's own keys at the bottom, over the footer of the screen below
        if not self.query(KeyFooter):
            self.mount(KeyFooter())

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        # once: a second Enter of a burst, read before the first closed it, must not
        # close the screen below as well
        if self._dismissed:
            return AwaitComplete()
        self._dismissed = True
        return super().dismiss(result)

    def action_back_out(self) -> None:
        self.app.simulate_key("escape")  # whatever Esc means here: cancel, no, close

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
