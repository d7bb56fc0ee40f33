"""The words of the header: who you are, your role, the database, 演示数据 on a demo
database (DESIGN §8), shortened by meaning to fit the terminal's width."""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text

from workbench.i18n import N_, _
from workbench.services.identity import Identity
from workbench.tui.text import clean, plain

DEMO_MARK = N_(" 演示数据 ")
DEMO_STYLE = "bold black on yellow"
DATABASE = N_("数据库 ")
ACTING = N_(" · 由 {real} 代为操作")
SEPARATOR = " · "


def _who(me: Identity) -> Iterator[str]:
    """The ways to say who you are, longest first."""
    name, login, real = clean(me.name), clean(me.login), clean(me.real)
    full = f"{name}（{login}）" if name and name != login else login
    if me.acting:
        yield full + _(ACTING).format(real=real)
        yield (name or login) + _(ACTING).format(real=real)
        yield name or login  # a tiny screen only: the role and the mark matter more
    else:
        yield full
        yield name or login


def _database(me: Identity) -> Iterator[str]:
    """The ways to name the database: with its label, bare, without the host, nothing."""
    database = clean(me.database)
    yield _(DATABASE) + database
    yield database
    if "/" in database:
        yield database.rsplit("/", 1)[1]
    yield ""


def header_text(me: Identity, width: int = 1000) -> Text:
    """`演示数据 王丽（wang.li） · 经办人 · 数据库 demo.db` within `width` cells: the
    longest wording that fits; the role and the demo mark are never dropped."""
    fixed = Text(" ", end="")
    if me.demo:
        fixed = Text(_(DEMO_MARK), style=DEMO_STYLE, end="")
        fixed.append(" ")
    whos, databases = list(_who(me)), list(_database(me))
    # shorten both by turns (the database's label first), then drop the database; who acts
    # for you goes last of all
    last_who, last_db = len(whos) - 1, len(databases) - 1
    order = sorted(((i, j) for i in range(len(whos)) for j in range(len(databases))),
                   key=lambda ij: (me.acting and ij[0] == last_who, ij[1] == last_db,
                                   ij[0] + ij[1], ij[0]))
    line = fixed
    for i, j in order:
        line = fixed.copy()
        line.append_text(plain(whos[i], "bold"))
        line.append(SEPARATOR + me.role_label)
        if databases[j]:
            line.append(SEPARATOR)
            line.append_text(plain(databases[j]))
        if line.cell_len <= width:
            return line
    # a tiny screen: the name gives way, never the role or the mark
    line = fixed.copy()
    role = Text(SEPARATOR + me.role_label, end="")
    name = plain(whos[-1], "bold")
    name.truncate(max(1, width - fixed.cell_len - role.cell_len), overflow="ellipsis")
    line.append_text(name)
    line.append_text(role)
    return line
