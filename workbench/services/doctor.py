"""`workbench doctor`: each check says OK, WARN or FAIL and what to do. Writes nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from workbench.config import LoadedSettings, Settings
from workbench.domain.calendar import Coverage, WorkCalendar
from workbench.errors import WorkbenchError
from workbench.i18n import _
from workbench.private_files import world_accessible
from workbench.secrets import ENV_DATA_KEY, keyring_status
from workbench.store import migrate
from workbench.store.blobs import BlobStore
from workbench.store.dberrors import describe_url
from workbench.store.engine import (
    check_connection,
    create_db_engine,
    normalise_url,
    require_existing,
)
from workbench.store.models import Filing, Holiday, Meta


@dataclass(frozen=True, slots=True)
class Check:
    status: str  # OK | WARN | FAIL
    name: str
    detail: str
    hint: str = ""


def run_checks(loaded: LoadedSettings, today: date) -> Iterator[Check]:
    """Every check, in the order a person would fix them."""
    settings = loaded.settings
    if loaded.file_exists:
        yield Check("OK", "config", str(loaded.path))
    else:
        yield Check("OK", "config", _("{path} 不存在；使用默认值、环境变量和命令行选项").format(
            path=loaded.path))

    url = normalise_url(settings.database_url())
    holidays: dict[date, bool] = {}
    engine: Engine | None = None
    try:
        require_existing(url)
        engine = create_db_engine(url)
        check_connection(engine, url)
    except WorkbenchError as exc:
        yield Check("FAIL", "database", exc.message, exc.hint)
        engine = None
    else:
        yield Check("OK", "database", f"{describe_url(url)} ({engine.dialect.name})")
    if engine is not None:
        try:
            current = migrate.current_revision(engine)
            head = migrate.head_revision()
            if current == head:
                yield Check("OK", "schema", _("{head}（最新）").format(head=head))
            elif current is None:
                yield Check("WARN", "schema", _("空数据库"),
                            _("首次启动时会自动建表，或运行 `workbench db upgrade`。"))
            else:
                try:
                    migrate.script_directory().get_revision(current)
                except Exception:
                    yield Check("FAIL", "schema", _("{current} 比本程序新").format(current=current),
                                _("请在这台机器上升级 workbench。"))
                else:
                    yield Check("WARN", "schema", _("当前 {current}，最新 {head}").format(
                                    current=current, head=head),
                                _("请运行 `workbench db upgrade`（启动时也会自动升级）。"))
            if current is not None:
                with Session(engine) as session:
                    meta = {m.key: m.value for m in session.exec(select(Meta))}
                    holidays = {h.day: h.working for h in session.exec(select(Holiday))}
                    missing = _missing_files(session)
                yield _missing_check(missing)
                yield _anchor_check(settings, meta, today)
                if meta.get("db_id"):
                    yield _evidence_temp_check(
                        BlobStore(settings.resolved_evidence_dir(meta["db_id"])))
                if meta.get("demo") == "1":
                    yield Check("WARN", "data key", _("演示库：虚构数据，口令是公开的"),
                                _("切勿在其中录入真实投诉。"))
                elif os.environ.get(ENV_DATA_KEY):
                    yield Check("OK", "data key", _("来自环境变量 {name}").format(
                        name=ENV_DATA_KEY))
                else:
                    yield Check("OK", "data key", _("来自密钥环，否则启动时询问"))
        except Exception as exc:  # a doctor reports, it does not crash
            yield Check("FAIL", "schema", _("无法读取数据库结构：{error}").format(
                error=exc))
        finally:
            engine.dispose()

    usable, backend = keyring_status(settings.keyring_timeout_s)
    if usable:
        yield Check("OK", "keyring", backend)
    else:
        yield Check("WARN", "keyring", backend,
                    _("请在 SSH 会话中设置 {name}，或在提示时输入口令。").format(
                        name=ENV_DATA_KEY))

    calendar = WorkCalendar(holidays)
    next_year = today.year + 1
    if calendar.covers(next_year):
        yield Check("OK", "calendar", coverage_text(calendar.coverage()))
    else:
        yield Check("WARN", "calendar", coverage_text(calendar.coverage()),
                    _("{year} 年的期限只是估算（仅排除周末）：请用 "
                      "`workbench holidays import FILE` 导入官方放假通知。").format(year=next_year))

    yield _temp_check(settings.resolved_filings_dir())
    yield _permission_check(loaded)
    yield from _law_checks(settings.law_register_file, settings.deadline_rules_file, today)
    yield _terminal_check()


def _anchor_check(settings: Settings, meta: dict[str, str], today: date) -> Check:
    """The anchor file can be written and keeps up with the chain (README › Audit)."""
    from workbench.domain.clock import local_day
    from workbench.store.anchors import Anchor, AnchorLog

    path = settings.resolved_anchor_file()
    log = AnchorLog(path, meta.get("db_id", ""), every=settings.audit_anchor_every)
    head_seq = int(meta.get("chain_head", "0:").split(":", 1)[0] or 0)
    fix = (_("检查锚点文件及其目录的权限（或设置 audit_anchor_file），"
           "然后运行 `workbench audit anchor`。"))
    writable = os.access(path, os.W_OK) if path.exists() else os.access(
        next((p for p in path.parents if p.exists()), Path("/")), os.W_OK)
    if not writable or path.is_dir():
        return Check("WARN", "anchors", _("{path} 不可写：链头无法锚定").format(path=path), fix)
    last = None
    for item in log.anchors():
        if isinstance(item, Anchor):
            last = item
    if last is None:
        return (Check("WARN", "anchors", _("{path} 中还没有本数据库的锚点").format(
                                             path=path), fix) if head_seq
                else Check("OK", "anchors", _("{path}（尚无事件）").format(path=path)))
    behind = head_seq - last.seq
    day = local_day(datetime.fromisoformat(last.at))
    if behind >= settings.audit_anchor_every or (behind and (today - day).days > 1):
        return Check("WARN", "anchors",
                     _("最后的锚点（{at}，#{seq}）落后 {behind} 个事件").format(
                         at=last.at, seq=last.seq, behind=behind), fix)
    return Check("OK", "anchors", _("{path}：最后锚点 #{seq}（{at}）").format(
                                      path=path, seq=last.seq, at=last.at))


def _missing_files(session: Session) -> list[str]:
    """Recorded filings whose file is not where the row says (column by column: works on
    any schema that has the table)."""
    names = session.exec(select(Filing.file_name)).all()
    return [name for name in names if not os.path.lexists(name)]


def _missing_check(missing: list[str]) -> Check:
    if not missing:
        return Check("OK", "filings", _("每份已登记文书的文件都在"))
    shown = "、".join(Path(name).name for name in missing[:3])
    return Check("WARN", "filings", _("{n} 份已登记文书的文件不在原处：{shown}").format(
                                        n=len(missing), shown=shown)
                 + ("…" if len(missing) > 3 else ""),
                 _("导出中断时文件还是临时文件：运行 `workbench filings sweep --out 目录` 恢复；"
                 "否则从备份找回。"))


def _temp_check(folder: Path) -> Check:
    from workbench.services.filings import temp_files

    temps = temp_files(folder, older_than=float("inf")) if folder.is_dir() else []
    if not temps:
        return Check("OK", "temp files", _("{folder}：没有中断导出留下的临时文件").format(
                                             folder=folder))
    return Check("WARN", "temp files", _("{folder}：{n} 个中断导出留下的临时文件"
                 "（{name}…）").format(folder=folder, n=len(temps), name=temps[0].name),
                 _("运行 `workbench filings sweep`：已登记的移到原名，未登记的删除。"))


def _evidence_temp_check(blobs: BlobStore) -> Check:
    temps = blobs.temp_files(older_than=float("inf"))
    if not temps:
        return Check("OK", "evidence temp", _("{root}：没有中断导入留下的临时文件").format(
                                                root=blobs.root))
    return Check("WARN", "evidence temp", _("{root}：{n} 个中断导入留下的临时文件"
                 "（{name}…）").format(root=blobs.root, n=len(temps), name=temps[0].name),
                 _("下次启动 workbench 时自动清除（十分钟以前的）。"))


def _permission_check(loaded: LoadedSettings) -> Check:
    """FAIL when another user of the host can read or enter a file the workbench keeps."""
    from workbench.services.database import managed_paths

    exposed = world_accessible(managed_paths(loaded))
    if not exposed:
        return Check("OK", "permissions", _("数据库、证据、文书和数据目录其他用户都不能读取"))
    shown = "、".join(str(path) for path in exposed[:3])
    return Check("FAIL", "permissions", _("{n} 个文件或文件夹其他用户可以读取："
                 "{shown}").format(n=len(exposed), shown=shown)
                 + ("…" if len(exposed) > 3 else ""),
                 _("运行任一 workbench 命令会自动收紧；或执行 chmod -R o-rwx 上述路径。"))


def _law_checks(register_file: Path | None, rules_file: Path | None,
                today: date) -> Iterator[Check]:
    """The register and the rules load; each cited entry unverified or not in force."""
    from workbench.services.law import cited_problems, load_law

    try:
        register, rules = load_law(register_file, rules_file)
    except WorkbenchError as exc:
        yield Check("FAIL", "law", exc.message, exc.hint)
        return
    problems = cited_problems(register, rules, today)
    total = len(register.versions)
    yield Check("OK", "law", _("法规库 {total} 条，期限规则 {n} 条").format(
                                 total=total, n=len(rules.in_force(today)))
                + (_("；{n} 条被引用的条文需要注意").format(
                       n=len(problems)) if problems else ""))
    for problem in problems:
        yield Check("WARN", f"law {problem.id}", _("{citation}：{problem}"
                    "（用于 {items}）").format(
                                                     citation=problem.citation,
                                                     problem=problem.problem,
                                                     items='、'.join(sorted(set(problem.cited_by))[:3])),
                    _("核对原文后在 law_register_file 中设 verified = true，"
                    "或在 deadline_rules_file 中改用有效的条目。"))


def coverage_text(coverage: Coverage) -> str:
    """Which years' deadlines are exact, in words."""
    package = (_("chinesecalendar 不可用") if coverage.package is None
               else _("chinesecalendar 收录 {first}–{last} 年").format(
                   first=coverage.package[0], last=coverage.package[1]))
    table = (_("节假日表收录 {years} 年").format(years=coverage.table) if coverage.table
             else _("没有节假日表"))
    return _("{package}；{table}；其他年份只排除周末（估算）").format(package=package, table=table)


def _terminal_check() -> Check:
    term = os.environ.get("TERM", "")
    colorterm = os.environ.get("COLORTERM", "")
    if colorterm in ("truecolor", "24bit"):
        return Check("OK", "terminal", _("TERM={term} COLORTERM={colorterm}（真彩色）").format(
            term=term, colorterm=colorterm))
    if "256color" in term:
        return Check("OK", "terminal", _("TERM={term}（256 色）").format(term=term))
    if not term or term == "dumb":
        return Check("WARN", "terminal", "TERM=" + (term or _("（未设置）")),
                     _("请在真正的终端里运行 workbench（xterm-256color、tmux-256color）。"))
    return Check("WARN", "terminal", _("TERM={term}：可能只显示 8/16 色").format(term=term),
                 _("在 tmux 中：set -g default-terminal tmux-256color；否则 export "
                   "TERM=xterm-256color。"))
