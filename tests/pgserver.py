"""A throwaway PostgreSQL server for the test session.

Usage::

    with PostgresServer() as server:
        url = server.create_database("t_case_search")   # has pg_trgm installed
        ...                                              # SQLAlchemy URL, psycopg driver

The server is initialised in a fresh temporary directory with ``initdb``, listens only on
127.0.0.1 on a free port, runs with durability switched off (fsync, synchronous_commit,
full_page_writes) and is stopped with ``pg_ctl stop -m immediate`` -- its data is never
worth keeping.  PostgreSQL refuses to run as root, so when the tests run as root the
server runs as an unprivileged system user (``wbpgtest``, created on first use).

Nothing here imports pytest; the fixtures decide whether a missing server is a skip or a
failure.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

__all__ = ["PG_TEST_USER", "PostgresServer", "find_pg_bin", "pick_locale"]

#: The unprivileged system account the server runs as when the tests run as root.
PG_TEST_USER = "wbpgtest"
#: The database superuser initdb creates (trust authentication, no password).
PG_SUPERUSER = "postgres"

_REQUIRED_PROGRAMS = ("initdb", "pg_ctl", "postgres")
# Locales whose LC_CTYPE classifies CJK ideographs as letters (pg_trgm needs that to
# build trigrams from Chinese text); the plain "C" locale does not.
_PREFERRED_LOCALES = ("C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8")
_START_TIMEOUT = 30.0
_LOG_TAIL_LINES = 40


# --------------------------------------------------------------------------- discovery


def _has_programs(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in _REQUIRED_PROGRAMS)


def _version_key(directory: Path) -> tuple[int, ...]:
    # /usr/lib/postgresql/<version>/bin -> (<version>, ...)
    return tuple(int(part) for part in re.findall(r"\d+", directory.parent.name))


def find_pg_bin() -> Path | None:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``, or None.

    ``PATH`` is searched first (a symlinked ``initdb`` is followed to the directory it
    really lives in), then Debian's ``/usr/lib/postgresql/<version>/bin``, newest version
    first.
    """
    initdb = shutil.which("initdb")
    if initdb is not None:
        on_path = Path(initdb).parent
        for candidate in (Path(initdb).resolve().parent, on_path):
            if _has_programs(candidate):
                return candidate
    debian = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if _has_programs(p)]
    debian.sort(key=_version_key, reverse=True)
    return debian[0] if debian else None


def pick_locale() -> str:
    """A UTF-8 locale that exists on this machine and is not plain ``C``."""
    try:
        listed = subprocess.run(
            ["locale", "-a"], capture_output=True, text=True, check=False, timeout=10
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    for name in _PREFERRED_LOCALES:
        if name in listed:
            return name
    for name in listed:  # any other UTF-8 locale will do
        if name.lower().replace("-", "").endswith(".utf8"):
            return name
    if not listed:  # no `locale` program: glibc >= 2.35 always has C.UTF-8 built in
        return "C.UTF-8"
    raise RuntimeError(
        "no UTF-8 locale found by `locale -a` (have: "
        + ", ".join(listed)
        + "); pg_trgm needs one to index Chinese text"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------- running as root


def _ensure_system_user(name: str) -> pwd.struct_passwd:
    with contextlib.suppress(KeyError):
        return pwd.getpwnam(name)
    # useradd (shadow 4.13, Debian 12) checks for the name before taking its own lock, so
    # two test workers creating the user at once both "succeed" and the second rewrites
    # the first one's uid.  Serialise on a lock file of our own.
    fd = os.open(f"/tmp/.{name}-useradd.lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        proc = subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            return pwd.getpwnam(name)
        except KeyError:
            raise RuntimeError(
                f"could not create system user {name!r} to run PostgreSQL as "
                f"(useradd exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()}"
            ) from None
    finally:
        os.close(fd)  # releases the lock


def _traversable_by_others(path: Path) -> bool:
    for directory in (path, *path.parents):
        try:
            if not directory.stat().st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


# ------------------------------------------------------------------------------ server


class PostgresServer:
    """A PostgreSQL server in a temporary directory, for tests only.

    ``start()`` takes about a second; ``stop()`` kills the server and deletes its data.
    Both are idempotent, and an ``atexit`` hook stops a server the caller forgot about.
    """

    def __init__(
        self,
        pg_bin: Path | str | None = None,
        *,
        base_dir: Path | str | None = None,
        os_user: str = PG_TEST_USER,
        dbname: str = "postgres",
    ) -> None:
        found = Path(pg_bin) if pg_bin is not None else find_pg_bin()
        if found is None:
            raise RuntimeError(
                "PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or "
                "under /usr/lib/postgresql/*/bin"
            )
        self.pg_bin = found
        self.user = PG_SUPERUSER
        self.dbname = dbname
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.locale: str | None = None
        self.startup_seconds: float | None = None
        self._base_dir = Path(base_dir) if base_dir is not None else None
        self._os_user = os_user
        self._as_root = os.geteuid() == 0
        self._runas: pwd.struct_passwd | None = None
        self._root: Path | None = None  # the temp dir: data/, server.log, the socket

    # -- paths and urls

    @property
    def root(self) -> Path:
        if self._root is None:
            raise RuntimeError("server not started")
        return self._root

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def running(self) -> bool:
        return self._root is not None and self.port is not None

    def url_for(self, dbname: str) -> str:
        """SQLAlchemy URL (psycopg 3 driver) for ``dbname`` on this server."""
        if self.port is None:
            raise RuntimeError("server not started")
        return (
            f"postgresql+psycopg://{quote(self.user, safe='')}@{self.host}:{self.port}/"
            f"{quote(dbname, safe='')}"
        )

    @property
    def url(self) -> str:
        """SQLAlchemy URL of the server's default database."""
        return self.url_for(self.dbname)

    def conninfo(self, dbname: str | None = None) -> str:
        """libpq connection string, for psycopg directly."""
        if self.port is None:
            raise RuntimeError("server not started")
        from psycopg.conninfo import make_conninfo

        return make_conninfo(
            host=self.host,
            port=self.port,
            user=self.user,
            dbname=dbname or self.dbname,
            connect_timeout=5,
        )

    # -- lifecycle

    def __enter__(self) -> PostgresServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> PostgresServer:
        if self.running:
            return self
        started = time.monotonic()
        atexit.register(self.stop)
        try:
            self._make_root()
            self.locale = pick_locale()
            self._initdb()
            self._configure()
            self._start_postmaster()
            self._wait_until_ready(started + _START_TIMEOUT)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """Kill the server (``pg_ctl stop -m immediate``) and delete its directory."""
        root, self._root = self._root, None
        self.port = None
        atexit.unregister(self.stop)
        if root is None:
            return
        if (root / "data" / "postmaster.pid").exists():
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self._run(
                    [
                        self._prog("pg_ctl"),
                        "stop",
                        "-D",
                        str(root / "data"),
                        "-m",
                        "immediate",
                        "-w",
                        "-t",
                        "15",
                    ],
                    cwd=root,
                    timeout=30,
                )
        shutil.rmtree(root, ignore_errors=True)

    # -- databases

    def create_database(self, name: str, extensions: Iterable[str] = ("pg_trgm",)) -> str:
        """Create database ``name`` (with ``extensions`` installed); return its URL."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        extensions = tuple(extensions)
        if extensions:
            with psycopg.connect(self.conninfo(name), autocommit=True) as conn:
                for ext in extensions:
                    conn.execute(
                        sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(ext))
                    )
        return self.url_for(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name`` if it exists, disconnecting anyone still using it."""
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    # -- internals

    def _prog(self, name: str) -> str:
        return str(self.pg_bin / name)

    def _make_root(self) -> None:
        base = self._base_dir
        if self._as_root:
            self._runas = _ensure_system_user(self._os_user)
            if base is None:
                base = Path(tempfile.gettempdir())
                if not _traversable_by_others(base):
                    base = Path("/tmp")
            if not _traversable_by_others(base):
                raise RuntimeError(
                    f"{base} is not traversable by {self._os_user!r}; "
                    "pass a base_dir the server user can reach"
                )
        root = Path(tempfile.mkdtemp(prefix="wbpg-", dir=base))
        self._root = root
        if self._runas is not None:
            os.chown(root, self._runas.pw_uid, self._runas.pw_gid)

    def _run(
        self, argv: Sequence[str], *, cwd: Path, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        if self._runas is not None:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"
            argv = [runuser, "-u", self._runas.pw_name, "--", *argv]
        # Keep the caller's PG* settings (PGDATA, PGPORT, PGOPTIONS...) away from the server.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_MESSAGES"] = "C"
        return subprocess.run(
            argv,
            cwd=cwd,  # the server user may not be able to enter the caller's cwd
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
            timeout=timeout,
        )

    def _initdb(self) -> None:
        assert self.locale is not None
        proc = self._run(
            [
                self._prog("initdb"),
                "--pgdata",
                str(self.data_dir),
                "--auth=trust",
                f"--username={PG_SUPERUSER}",
                "--encoding=UTF8",
                f"--locale={self.locale}",
                "--no-sync",
                "--no-instructions",
            ],
            cwd=self.root,
            timeout=120,
        )
        if proc.returncode != 0:
            raise RuntimeError(
                f"initdb failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
            )

    def _configure(self) -> None:
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": _pg_quote(str(self.root)),
            "max_connections": "100",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "shared_buffers": "32MB",
            "max_wal_size": "1GB",
            "checkpoint_timeout": "1h",
            "log_min_messages": "warning",
            "log_line_prefix": "'%m [%p] '",
            "timezone": "'UTC'",
        }
        # Appending keeps the file's owner (the server user); later settings win.
        with (self.data_dir / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# --- tests/pgserver.py ---\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _start_postmaster(self) -> None:
        # The port travels on the command line so a port lost to a race can be retried.
        for _attempt in range(3):
            port = _free_port()
            proc = self._run(
                [
                    self._prog("pg_ctl"),
                    "start",
                    "-D",
                    str(self.data_dir),
                    "-l",
                    str(self.log_file),
                    "-o",
                    f"-p {port}",
                    "-w",
                    "-t",
                    str(int(_START_TIMEOUT)),
                ],
                cwd=self.root,
                timeout=_START_TIMEOUT + 15,
            )
            if proc.returncode == 0:
                self.port = port
                return
            log = self._log_tail()
            if "could not bind" not in log and "already in use" not in log:
                break
        raise RuntimeError(
            f"PostgreSQL did not start (pg_ctl exit {proc.returncode}): "
            f"{proc.stdout.strip()} {proc.stderr.strip()}\n"
            f"--- {self.log_file} (tail) ---\n{self._log_tail()}"
        )

    def _wait_until_ready(self, deadline: float) -> None:
        import psycopg

        last_error: Exception | None = None
        while True:
            try:
                with psycopg.connect(self.conninfo(), autocommit=True) as conn:
                    conn.execute("SELECT 1")
                return
            except psycopg.OperationalError as exc:
                last_error = exc
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"PostgreSQL is not accepting connections on {self.host}:{self.port} "
                    f"after {_START_TIMEOUT:.0f}s: {last_error}\n"
                    f"--- {self.log_file} (tail) ---\n{self._log_tail()}"
                )
            time.sleep(0.1)

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(lines[-_LOG_TAIL_LINES:])


def _pg_quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
