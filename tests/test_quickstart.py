"""The README's first quick-start command, `workbench --demo`, in a real pseudo-terminal."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")


def _read_until(fd: int, pattern: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
            if pattern in ANSI.sub(b"", seen):
                return seen
    raise AssertionError(f"did not see {pattern!r}; screen text: "
                         f"{ANSI.sub(b'', seen)[-2000:]!r}")


@pytest.mark.slow
def test_workbench_demo_opens_and_quits(tmp_path: Path) -> None:
    workbench = str(Path(sys.executable).parent / "workbench")
    env = dict(os.environ, TERM="xterm-256color", WORKBENCH_DATA_DIR=str(tmp_path),
               COLUMNS="100", LINES="30")
    env.pop("WORKBENCH_DATA_KEY", None)  # the demo must open without any secret
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execve(workbench, [workbench, "--demo"], env)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        _read_until(fd, b"TS-20", timeout=180)  # a case ref: the queue is painted
        time.sleep(0.5)
        os.write(fd, b"q")
        deadline = time.monotonic() + 20
        status = None
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                os.read(fd, 65536)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.1)
        assert status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        assert (tmp_path / "demo.db").is_file()
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
