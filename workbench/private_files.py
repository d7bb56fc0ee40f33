"""Files only the owner (or the team's group) can read: one policy for every writer.

Complaint files hold personal data: the database and its -wal/-shm, evidence, filings,
exports and the audit anchor are created 0600 in 0700 folders; with the `shared_group`
setting, 0660 in setgid 2770 folders owned by that group. A leaf module (stdlib only).
"""

from __future__ import annotations

import contextlib
import grp
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from workbench.errors import ConfigError
from workbench.i18n import _

_group: str | None = None  # set once at start from the `shared_group` setting


def set_shared_group(name: str | None) -> None:
    """Choose owner-only (None) or group-shared modes for everything written from now."""
    global _group
    if name:
        group_id(name)  # a group that does not exist is a configuration error
    _group = name or None


def shared_group() -> str | None:
    return _group


def group_id(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise ConfigError(_("shared_group 设置的用户组 {name!r} 不存在。").format(name=name),
                          _("用 getent group 查看组名，或删去该设置（仅本人可读写）。")) from None


def team_shared(folder: Path | None = None) -> bool:
    """Whether new files are for the team: the setting, or (for files put in `folder`) a
    folder made group-writable on purpose by whoever set up the team's share."""
    if _group:
        return True
    try:  # a world-writable folder (/tmp) is nobody's team folder
        return folder is not None and os.stat(folder).st_mode & 0o022 == 0o020
    except OSError:
        return False


def private_file_mode(folder: Path | None = None) -> int:
    """0600, or 0660 when a team group shares the files (see :func:`team_shared`)."""
    return 0o660 if team_shared(folder) else 0o600


def private_dir_mode(folder: Path | None = None) -> int:
    """0700, or setgid 2770 (new files inherit the group) when a team group shares them."""
    return 0o2770 if team_shared(folder) else 0o700


def read_only_mode(folder: Path | None = None) -> int:
    """Evidence files are never rewritten in place: 0400, or 0440 for the group."""
    return private_file_mode(folder) & ~0o222


def _chgrp(fd_or_path: int | Path) -> None:
    if not _group:
        return
    gid = group_id(_group)
    with contextlib.suppress(OSError):  # not a member: the mode still keeps others out
        if isinstance(fd_or_path, int):
            os.fchown(fd_or_path, -1, gid)
        else:
            os.chown(fd_or_path, -1, gid, follow_symlinks=False)


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) with the private folder mode; an existing
    folder is left as it is (:func:`tighten` handles those). Returns the path."""
    path = Path(path)
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    path.mkdir(parents=True, exist_ok=True)
    for folder in reversed(missing):
        secure(folder)
    return path


def secure(path: Path, mode: int | None = None) -> None:
    """Give a file or folder we created the private mode (and the team group)."""
    path = Path(path)
    if mode is None:
        mode = private_dir_mode() if path.is_dir() else private_file_mode()
    _chgrp(path)
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, mode)


def open_private(path: Path, flags: int, mode: int | None = None) -> int:
    """os.open with the private mode (O_CREAT implied), whatever the umask; returns the fd.
    In a group-writable team folder the file is for the team (0660)."""
    mode = private_file_mode(Path(path).parent) if mode is None else mode
    fd = os.open(path, flags | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), mode)
    try:
        _chgrp(fd)
        os.fchmod(fd, mode)  # the umask may have taken bits the group needs
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_private_file(path: Path, mode: str = "wb", **kwargs: Any) -> IO[Any]:
    """A file object over :func:`open_private` (created or truncated): for exports
    (xlsx, csv) and the audit anchor ("ab" appends). `kwargs` go to os.fdopen."""
    flags = os.O_WRONLY | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    return os.fdopen(open_private(path, flags), mode, **kwargs)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Files created meanwhile by code we do not control (SQLite, openpyxl) get no
    bits for others. Process-wide: keep the block short."""
    old = os.umask(0o007 if _group else 0o077)
    try:
        yield
    finally:
        os.umask(old)


def _walk(roots: Iterable[Path], *, deep: bool = True
          ) -> Iterator[tuple[Path, os.stat_result]]:
    seen: set[Path] = set()
    for root in roots:
        root = Path(root)
        if root in seen:
            continue
        seen.add(root)
        try:
            info = os.lstat(root)
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        yield root, info
        if stat.S_ISDIR(info.st_mode):
            for folder, dirs, files in os.walk(root):
                for name in (*dirs, *files):
                    child = Path(folder) / name
                    with contextlib.suppress(OSError):
                        child_info = os.lstat(child)
                        if not stat.S_ISLNK(child_info.st_mode):
                            yield child, child_info
                if not deep:
                    break


def _keep(mode: int) -> int:
    """The bits an existing item keeps: the owner's, and the group's when a team shares
    it (the setting, or a group-writable item someone set up for the team on purpose)."""
    return 0o770 if (_group or mode & 0o022 == 0o020) else 0o700


def world_accessible(roots: Iterable[Path]) -> list[Path]:
    """Files and folders under `roots` that every user of the host can read or enter."""
    return [path for path, info in _walk(roots) if info.st_mode & 0o007]


def tighten(roots: Iterable[Path], *, deep: bool = True) -> list[tuple[Path, bool]]:
    """Take the bits for others away from every file and folder under `roots` (and the
    group's, unless the group shares it: see :func:`_keep`). Returns what was changed,
    each with whether its group kept access. Never loosens anything. Not `deep`: the
    roots and what is directly in them only (not the evidence store's million files)."""
    changed = []
    for path, info in _walk(roots, deep=deep):
        mode = stat.S_IMODE(info.st_mode)
        keep = _keep(mode)
        if not mode & 0o777 & ~keep:
            continue
        with contextlib.suppress(OSError):  # not ours: doctor reports it
            os.chmod(path, (mode & ~0o777) | (mode & keep))
            changed.append((path, bool(keep & 0o070)))
    return changed


def notice(changed: list[tuple[Path, bool]]) -> str:
    """The one line said when :func:`tighten` changed something ("" when not)."""
    if not changed:
        return ""
    if _group:
        who = _("本人和 {group} 组").format(group=_group)
    else:
        who = _("本人和所属组") if any(group for _path, group in changed) else _("本人")
    paths = [str(path) for path, _kept in changed]
    more = _(" 等 {count} 项").format(count=len(paths)) if len(paths) > 3 else ""
    shown = "、".join(paths[:3]) + more
    return _("已将 {shown} 的权限收紧为仅{who}可读写").format(shown=shown, who=who)
