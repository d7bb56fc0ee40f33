"""The `workbench` command: the TUI by default, plus demo, db, audit, doctor, holidays."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from workbench.config import LoadedSettings, load_settings
from workbench.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.domain.ladder import Stage
    from workbench.services.context import Workbench

app = typer.Typer(
    name="workbench",
    help="POS complaint case workbench for consumer-association caseworkers.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only case history.", no_args_is_help=True)
holidays_app = typer.Typer(help="The admin holiday table (years chinesecalendar lacks).",
                           no_args_is_help=True)
key_app = typer.Typer(help="The passphrase protecting personal data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")
app.add_typer(holidays_app, name="holidays")
app.add_typer(key_app, name="key")

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL (overrides "
                                              "WORKBENCH_DB and the config file).")]

DEMO_FILE = "demo.db"
QUICKSTART_DEMO_CASES = 5000
DEMO_USER = "wang.li"  # a demo caseworker with a full queue: "My open cases" is not empty


@dataclass
class Globals:
    config: Path | None = None
    db: str | None = None
    user: str | None = None

    def load(self, db: str | None = None) -> LoadedSettings:
        return load_settings(self.config, {"db": db or self.db, "user": self.user})


def fail(error: WorkbenchError) -> NoReturn:
    typer.echo(f"workbench: {error.message}", err=True)
    if error.hint:
        typer.echo(f"  → {error.hint}", err=True)
    raise typer.Exit(error.exit_code)


def _globals(ctx: typer.Context) -> Globals:
    obj = ctx.find_root().obj
    assert isinstance(obj, Globals)
    return obj


def _open(loaded: LoadedSettings, *, migrate: bool = True, demo: bool | None = None,
          need_key: bool = True) -> Workbench:
    """Open the configured store and return a Workbench acting as the configured user."""
    from workbench import secrets
    from workbench.domain.deadlines import load_rules
    from workbench.services.context import Workbench
    from workbench.store.engine import open_store

    settings = loaded.settings

    def passphrase(db_id: str, is_demo: bool, creating: bool) -> str:
        return secrets.data_passphrase(db_id, demo=is_demo, creating=creating,
                                       timeout=settings.keyring_timeout_s).value

    store = open_store(settings.database_url(), passphrase if need_key else None,
                       migrate=migrate, demo=demo)
    rules = load_rules(settings.deadline_rules_file)
    from workbench.store.blobs import BlobStore

    return Workbench(store=store, actor=settings.login(), rules=rules,
                     blobs=BlobStore(settings.resolved_evidence_dir(store.db_id)),
                     evidence_max_bytes=settings.evidence_max_mb * 2**20,
                     filings_dir=settings.resolved_filings_dir(),
                     filings_style=settings.filings_style_file)


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file "
                      "(default: the user config dir; WORKBENCH_CONFIG).")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Act as this login "
                    "(default: your OS/SSH user name).")] = None,
    demo: Annotated[bool, typer.Option("--demo", help="Open the demo database in the data "
                    "dir, creating it on first use.")] = False,
) -> None:
    """Open the case workbench (the full-screen TUI)."""
    ctx.obj = Globals(config=config, db=db, user=user)
    if ctx.invoked_subcommand is not None:
        return
    try:
        loaded = ctx.obj.load()
        if demo and not db:
            wb, loaded = _open_demo(ctx.obj, loaded)
        else:
            wb = _open(loaded)
        from workbench.services.cases import ensure_caseworker

        ensure_caseworker(wb, wb.actor)
    except WorkbenchError as exc:
        fail(exc)
    from workbench.tui.app import run

    run(wb, loaded)


def _open_demo(g: Globals, loaded: LoadedSettings) -> tuple[Workbench, LoadedSettings]:
    """Open the demo database in the data dir, generating it first if it is missing or
    empty (opened once: the key derivation and schema check are not repeated)."""
    path = loaded.settings.resolved_data_dir() / DEMO_FILE
    url = f"sqlite:///{path}"
    if not loaded.settings.user:
        g.user = DEMO_USER
    loaded = g.load(url)
    wb = _open(loaded, demo=True)
    from workbench.services.cases import case_count

    if case_count(wb) == 0:
        from workbench.demo import generate_demo

        typer.echo(f"Creating a demo database with {QUICKSTART_DEMO_CASES:,} fictional cases "
                   f"at {path} …", err=True)
        generate_demo(wb.store, cases=QUICKSTART_DEMO_CASES, seed=1, clock=wb.clock)
    _store_demo_files(wb)
    return wb, loaded


@app.command()
def demo(
    ctx: typer.Context,
    cases: Annotated[int, typer.Option("--cases", min=1, max=5_000_000,
                                       help="How many cases.")] = 2000,
    db: DbOption = None,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
) -> None:
    """Fill an empty database with realistic, fictional demo cases."""
    from workbench.demo import generate_demo

    try:
        wb = _open(_globals(ctx).load(db), demo=True)
        if not wb.store.demo:
            from workbench.errors import RuleViolation

            raise RuleViolation("This database holds real data (it is not a demo database).",
                                "Give --db a new file for the demo.")
        started = time.perf_counter()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 1 or done == total:
                last[0] = now
                typer.echo(f"\r  {done:,}/{total:,} cases", nl=False, err=True)

        summary = generate_demo(wb.store, cases=cases, seed=seed, clock=wb.clock,
                                progress=progress)
        typer.echo("", err=True)
        _store_demo_files(wb)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"Demo database ready: {summary.cases:,} cases in "
               f"{time.perf_counter() - started:.1f} s.")


def _store_demo_files(wb: Workbench) -> None:
    """Real (fictional) files for the demo's evidence rows, so `evidence verify` passes."""
    from workbench.demo import store_demo_evidence

    if wb.blobs is not None and wb.store.demo:
        store_demo_evidence(wb, wb.blobs)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context, db: DbOption = None) -> None:
    """Bring the schema to the newest version (also done automatically at start)."""
    from workbench.store import migrate
    from workbench.store.engine import check_connection, create_db_engine, prepare_sqlite_path

    try:
        url = _globals(ctx).load(db).settings.database_url()
        prepare_sqlite_path(url)
        engine = create_db_engine(url)
        check_connection(engine, url)
        applied = migrate.upgrade(engine, url)
        engine.dispose()
    except WorkbenchError as exc:
        fail(exc)
    if applied:
        typer.echo(f"Upgraded: {' → '.join(applied)} (now at {applied[-1]}).")
    else:
        typer.echo(f"Already current ({migrate.head_revision()}); nothing changed.")


@db_app.command("current")
def db_current(ctx: typer.Context, db: DbOption = None) -> None:
    """Show the schema version of the database and of this program."""
    from workbench.store import migrate
    from workbench.store.engine import check_connection, create_db_engine, require_existing

    try:
        url = _globals(ctx).load(db).settings.database_url()
        require_existing(url)
        engine = create_db_engine(url)
        check_connection(engine, url)
        current = migrate.current_revision(engine)
        engine.dispose()
    except WorkbenchError as exc:
        fail(exc)
    head = migrate.head_revision()
    state = "current" if current == head else f"behind, head is {head}"
    typer.echo(f"{current or '(empty)'} ({state})")


@audit_app.command("verify")
def audit_verify(ctx: typer.Context, db: DbOption = None) -> None:
    """Check the hash chain of the whole history; exit non-zero naming each broken event."""
    from workbench.store import audit
    from workbench.store.engine import require_existing

    try:
        loaded = _globals(ctx).load(db)
        require_existing(loaded.settings.database_url())
        wb = _open(loaded, migrate=False, need_key=False)
        with wb.store.snapshot() as session:  # events written meanwhile are not "added"
            problems = list(audit.verify(session))
            head = session.get(audit.Meta, audit.HEAD_KEY)
    except WorkbenchError as exc:
        fail(exc)
    if problems:
        for problem in problems:
            typer.echo(f"BROKEN  {problem.message}", err=True)
        typer.echo(f"audit verify: {len(problems)} problem(s) in the case history.", err=True)
        raise typer.Exit(9)
    count = head.value.split(":", 1)[0] if head else "0"
    typer.echo(f"audit verify: OK, {int(count):,} events, chain intact.")


@app.command()
def doctor(ctx: typer.Context, db: DbOption = None) -> None:
    """Check database, schema, keyring, calendar coverage and terminal colours."""
    from workbench.domain.clock import SystemClock
    from workbench.services.doctor import run_checks

    try:
        loaded = _globals(ctx).load(db)
    except WorkbenchError as exc:
        typer.echo(f"FAIL  config     {exc.message}")
        raise typer.Exit(exc.exit_code) from None
    worst = 0
    for check in run_checks(loaded, SystemClock().today()):
        typer.echo(f"{check.status:<5} {check.name:<10} {check.detail}")
        if check.hint and check.status != "OK":
            typer.echo(f"{'':16}→ {check.hint}")
        worst = max(worst, {"OK": 0, "WARN": 0, "FAIL": 1}[check.status])
    raise typer.Exit(worst)


@holidays_app.command("import")
def holidays_import(ctx: typer.Context, file: Path, db: DbOption = None) -> None:
    """Import days from a CSV file: date,rest|working,name (e.g. 2027-01-01,rest,元旦)."""
    from workbench.services.holidays import import_holidays

    try:
        wb = _open(_globals(ctx).load(db))
        count = import_holidays(wb, file)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"Imported {count} days.")


@holidays_app.command("list")
def holidays_list(ctx: typer.Context, db: DbOption = None) -> None:
    """Show the holiday table."""
    from workbench.services.holidays import list_holidays

    try:
        rows = list_holidays(_open(_globals(ctx).load(db)))
    except WorkbenchError as exc:
        fail(exc)
    for row in rows:
        typer.echo(f"{row.day.isoformat()}  {'working' if row.working else 'rest   '}  {row.name}")


@key_app.command("store")
def key_store(ctx: typer.Context, db: DbOption = None) -> None:
    """Save the data passphrase of this database in the system keyring."""
    from workbench import secrets

    try:
        wb = _open(_globals(ctx).load(db))
        secret = secrets.data_passphrase(wb.store.db_id, demo=wb.store.demo)
    except WorkbenchError as exc:
        fail(exc)
    if not secrets.keyring_set(f"data-key:{wb.store.db_id}", secret.value):
        typer.echo("The keyring refused the passphrase (no usable backend?). "
                   f"Use {secrets.ENV_DATA_KEY} instead.", err=True)
        raise typer.Exit(5)
    typer.echo("Stored in the keyring.")


@app.command()
def new(ctx: typer.Context, file: Path,
        allow_duplicate: Annotated[bool, typer.Option("--allow-duplicate", help="Register "
                                   "even if the complainant has an open case against the "
                                   "same provider.")] = False,
        db: DbOption = None) -> None:
    """Register a new case from a TOML file (every mistake is listed; nothing is saved)."""
    from workbench.services import intake

    try:
        form = intake.form_from_toml(file)
        wb = _open(_globals(ctx).load(db))
        case = intake.submit(wb, form, allow_duplicate=allow_duplicate)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"{case.ref}: registered, due {case.due_on}"
               f"{' (estimated)' if case.due_estimated else ''}.")


evidence_app = typer.Typer(help="Evidence files: add, verify.", no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context, ref: str, path: Path,
    kind: Annotated[str, typer.Option("--kind", help="contract, receipt, transaction, chat, "
                                      "call, photo, video, advertising, other")],
    title: Annotated[str, typer.Option("--title")],
    source: Annotated[str, typer.Option("--source", help="Where it came from.")] = "",
    obtained: Annotated[str | None, typer.Option("--obtained", help="Date obtained.")] = None,
    description: Annotated[str, typer.Option("--description")] = "",
    proves: Annotated[str, typer.Option("--proves", help="Which demand it supports.")] = "",
    db: DbOption = None,
) -> None:
    """Copy a file into the evidence store and record it for a case."""
    from workbench.domain.validators import ValidationError, parse_date
    from workbench.errors import RuleViolation
    from workbench.services.evidence import add_evidence

    try:
        try:
            day = parse_date(obtained) if obtained else None
        except ValidationError as exc:
            raise RuleViolation(exc.message, "Use YYYY-MM-DD.") from exc
        wb, case = _case_wb(ctx, db, ref)
        assert wb.blobs is not None
        row = add_evidence(wb, wb.blobs, case.id, case.version, path, kind=kind, title=title,
                           source=source, obtained_on=day, description=description,
                           proves=proves, max_bytes=wb.evidence_max_bytes)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"{case.ref}: evidence #{row.id} {row.media_type} {row.size:,} bytes "
               f"sha256 {row.sha256[:12]}…")


@evidence_app.command("verify")
def evidence_verify(ctx: typer.Context, db: DbOption = None) -> None:
    """Re-hash every stored evidence file; exit 9 naming each missing or altered one."""
    from workbench.services.evidence import verify_evidence

    try:
        wb = _open(_globals(ctx).load(db))
        assert wb.blobs is not None
        problems = verify_evidence(wb, wb.blobs)
    except WorkbenchError as exc:
        fail(exc)
    for problem in problems:
        typer.echo(f"BROKEN  {problem.message}", err=True)
    if problems:
        typer.echo(f"evidence verify: {len(problems)} problem(s).", err=True)
        raise typer.Exit(9)
    typer.echo("evidence verify: OK, every stored file matches its hash.")


@app.command()
def export(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(help="One or more case refs.")],
    kind: Annotated[str, typer.Option("--kind", help="A document kind, or 'auto' (the "
                                      "first document the case's stage offers).")] = "auto",
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the .docx files "
                                             "(default: filings_dir).")] = None,
    include_personal: Annotated[bool, typer.Option(
        "--include-personal", help="Print the full ID number and phone (audited); "
        "masked by default.")] = False,
    db: DbOption = None,
) -> None:
    """Export formal Word filings for cases; one failing case does not stop the others."""
    from workbench.services import filings
    from workbench.services.cases import find_case

    try:
        wb = _open(_globals(ctx).load(db))
        ids = []
        for ref in refs:
            case = find_case(wb, ref)
            assert case.id is not None
            ids.append(case.id)
    except WorkbenchError as exc:
        fail(exc)
    folder = out or wb.filings_dir or Path("filings")

    def progress(done: int, total: int) -> None:
        if total > 1:
            typer.echo(f"\r  {done:,}/{total:,}", nl=False, err=True)

    result = filings.export_many(wb, ids, kind, folder, include_personal=include_personal,
                                 style_file=wb.filings_style, progress=progress)
    if len(ids) > 1:
        typer.echo("", err=True)
    for line in result.done:
        typer.echo(f"OK      {line}")
    for ref, why in result.refused:
        typer.echo(f"FAILED  {ref}: {why}", err=True)
    typer.echo(f"{len(result.done)} written to {folder}, {len(result.refused)} failed.")
    if result.refused:
        raise typer.Exit(8)


# --- escalation -------------------------------------------------------------------------

def _case_wb(ctx: typer.Context, db: str | None, ref: str):  # type: ignore[no-untyped-def]
    from workbench.services.cases import find_case

    wb = _open(_globals(ctx).load(db))
    return wb, find_case(wb, ref)


StageArg = Annotated[str, typer.Option("--to", help="Target stage: intake, provider, superior, "
                                       "mediation, national, industry, media, legal, closed.")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (needed to skip rungs, move "
                                        "down, reopen).")]


def _stage(value: str) -> Stage:
    from workbench.domain.ladder import STAGE_INFO, Stage
    from workbench.domain.query import STAGE_OPTIONS

    code = STAGE_OPTIONS.get(value.strip().lower()) or STAGE_OPTIONS.get(value.strip())
    if code is None:
        from workbench.errors import RuleViolation

        raise RuleViolation(f"没有这个阶段: {value!r}.",
                            "One of: " + ", ".join(s.value for s in STAGE_INFO))
    return Stage(code)


@app.command()
def escalate(ctx: typer.Context, ref: str, to: StageArg, reason: ReasonOpt = "",
             db: DbOption = None) -> None:
    """Move a case along the ladder (refusals name every unmet requirement)."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.escalate(wb, case.id, case.version, _stage(to), reason=reason)
    except WorkbenchError as exc:
        fail(exc)
    _moved(moved)


def _moved(case) -> None:  # type: ignore[no-untyped-def]
    from workbench.domain.ladder import stage_label

    due = f", due {case.stage_due_on}{' (estimated)' if case.due_estimated else ''}" \
        if case.stage_due_on else ""
    typer.echo(f"{case.ref}: {stage_label(case.stage)} ({case.stage}){due}")


@app.command()
def undo(ctx: typer.Context, ref: str, db: DbOption = None) -> None:
    """Undo the last stage transition of a case (written as a new event)."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.undo(wb, case.id, case.version)
    except WorkbenchError as exc:
        fail(exc)
    _moved(moved)


@app.command()
def close(ctx: typer.Context, ref: str,
          outcome: Annotated[str, typer.Option("--outcome", help="resolved, "
                             "partially_resolved, withdrawn, rejected, referred")],
          recovered: Annotated[str | None, typer.Option("--recovered", help="Amount "
                               "recovered, in yuan (e.g. 1234.56).")] = None,
          reason: ReasonOpt = "", db: DbOption = None) -> None:
    """Close a case with its outcome (and the amount recovered, where money came back)."""
    from workbench.domain.ladder import Outcome, Stage
    from workbench.domain.validators import ValidationError, yuan_to_fen
    from workbench.errors import RuleViolation
    from workbench.services import escalation

    try:
        try:
            result = Outcome(outcome)
        except ValueError:
            raise RuleViolation(f"没有这个结果: {outcome!r}.", "One of: " + ", ".join(
                o.value for o in Outcome)) from None
        try:
            fen = yuan_to_fen(recovered) if recovered is not None else None
        except ValidationError as exc:
            raise RuleViolation(exc.message, "Give yuan with at most two decimals.") from exc
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.escalate(wb, case.id, case.version, Stage.CLOSED, reason=reason,
                                    outcome=result, recovered_fen=fen)
    except WorkbenchError as exc:
        fail(exc)
    _moved(moved)


@app.command()
def remind(ctx: typer.Context,
           days: Annotated[int, typer.Option("--days", min=0, max=365, help="Working days "
                                             "ahead.")] = 3,
           csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write CSV "
                                                         "here.")] = None,
           db: DbOption = None) -> None:
    """Each caseworker's overdue cases and those due in the next N working days."""
    import csv

    from workbench.domain.ladder import stage_label
    from workbench.services import escalation

    try:
        wb = _open(_globals(ctx).load(db))
        rows = escalation.remind(wb, days)
    except WorkbenchError as exc:
        fail(exc)
    current = None
    for row in rows:
        if row.assignee != current:
            current = row.assignee
            typer.echo(f"\n{current}")
        flag = "OVERDUE" if row.overdue else "due    "
        est = "~" if row.estimated else " "
        typer.echo(f"  {flag} {row.due_on}{est} {row.ref}  {stage_label(row.stage)}  "
                   f"{row.title[:40]}")
    if not rows:
        typer.echo(f"Nothing overdue or due in the next {days} working days.")
    if csv_file is not None:
        tmp = csv_file.with_suffix(csv_file.suffix + ".tmp")
        try:
            with tmp.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: for Excel
                writer = csv.writer(handle)
                writer.writerow(["assignee", "ref", "title", "stage", "due_on", "estimated",
                                 "overdue"])
                for row in rows:
                    writer.writerow([row.assignee, row.ref, row.title, row.stage,
                                     row.due_on.isoformat(), int(row.estimated),
                                     int(row.overdue)])
            tmp.replace(csv_file)
        except OSError as exc:
            from workbench.errors import StorageError

            fail(StorageError(f"无法写入 {csv_file}: {exc.strerror or exc}",
                              "Check that the folder exists and is writable."))


@app.command()
def contact(ctx: typer.Context, ref: str,
            summary: Annotated[str, typer.Option("--summary", help="What was said.")],
            channel: Annotated[str, typer.Option("--channel")] = "phone",
            counterpart: Annotated[str, typer.Option("--counterpart")] = "",
            stage: Annotated[str, typer.Option("--stage", help="Whose counterpart: "
                             "provider, superior, …")] = "provider",
            ticket: Annotated[str, typer.Option("--ticket", help="Their ticket no. "
                              "(工单号).")] = "",
            next_date: Annotated[str | None, typer.Option("--next", help="Next follow-up "
                                 "date.")] = None,
            db: DbOption = None) -> None:
    """Log a contact (follow-up) for a case."""
    from workbench.domain.validators import ValidationError, parse_date
    from workbench.errors import RuleViolation
    from workbench.services.contacts import ContactDraft, log_contact

    try:
        try:
            follow = parse_date(next_date) if next_date else None
        except ValidationError as exc:
            raise RuleViolation(exc.message, "Use YYYY-MM-DD.") from exc
        wb, case = _case_wb(ctx, db, ref)
        log_contact(wb, case.id, case.version, ContactDraft(
            channel=channel, counterpart=counterpart, summary=summary,
            counterpart_stage=_stage(stage), ticket_no=ticket, next_follow_up=follow))
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"{case.ref}: contact logged.")


@app.command()
def bodies(ctx: typer.Context, ref: str,
           held_by: Annotated[list[str], typer.Argument(help="none, consumer_association, "
                              "market_regulator, financial_regulator, court, arbitration")],
           db: DbOption = None) -> None:
    """Record which bodies already hold the dispute (before an administrative rung)."""
    from workbench.domain.ladder import Body
    from workbench.errors import RuleViolation
    from workbench.services import escalation

    try:
        unknown = [b for b in held_by if b not in Body._value2member_map_]
        if unknown:
            raise RuleViolation(f"未知的机构: {', '.join(unknown)}.",
                                "One of: " + ", ".join(b.value for b in Body))
        wb, case = _case_wb(ctx, db, ref)
        escalation.record_bodies(wb, case.id, case.version, [Body(b) for b in held_by])
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"{case.ref}: recorded.")


approvals_app = typer.Typer(help="Supervisor approval for media and legal.",
                            no_args_is_help=True)
app.add_typer(approvals_app, name="approvals")


@approvals_app.command("request")
def approvals_request(ctx: typer.Context, ref: str, to: StageArg, reason: ReasonOpt = "",
                      db: DbOption = None) -> None:
    """Ask a supervisor to allow media or legal for a case."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        request = escalation.request_approval(wb, case.id, _stage(to), reason)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"Request #{request.id} for {case.ref} → {request.to_stage} is pending.")


@approvals_app.command("list")
def approvals_list(ctx: typer.Context, db: DbOption = None) -> None:
    """Pending requests."""
    from workbench.services import escalation

    try:
        rows = escalation.pending_approvals(_open(_globals(ctx).load(db)))
    except WorkbenchError as exc:
        fail(exc)
    for row in rows:
        typer.echo(f"#{row.id}  {row.ref}  → {row.to_stage}  by {row.requested_by}: "
                   f"{row.reason}")
    if not rows:
        typer.echo("No pending requests.")


def _decide(ctx: typer.Context, request_id: int, approve: bool, note: str,
            db: str | None) -> None:
    from workbench.services import escalation

    try:
        request = escalation.decide(_open(_globals(ctx).load(db)), request_id, approve, note)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"Request #{request.id}: {request.status}.")


@approvals_app.command("approve")
def approvals_approve(ctx: typer.Context, request_id: int,
                      note: Annotated[str, typer.Option("--note")] = "",
                      db: DbOption = None) -> None:
    """Approve a pending request (supervisors)."""
    _decide(ctx, request_id, True, note, db)


@approvals_app.command("deny")
def approvals_deny(ctx: typer.Context, request_id: int,
                   note: Annotated[str, typer.Option("--note")] = "",
                   db: DbOption = None) -> None:
    """Deny a pending request (supervisors)."""
    _decide(ctx, request_id, False, note, db)


clock_app = typer.Typer(help="Pause, resume or extend a case's stage deadline.",
                        no_args_is_help=True)
app.add_typer(clock_app, name="clock")


@clock_app.command("pause")
def clock_pause(ctx: typer.Context, ref: str, reason: ReasonOpt = "",
                db: DbOption = None) -> None:
    """Stop the stage clock (e.g. 检测/鉴定 time does not count in mediation)."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.pause_clock(wb, case.id, case.version, reason)
    except WorkbenchError as exc:
        fail(exc)
    typer.echo(f"{moved.ref}: clock paused since {moved.paused_since}.")


@clock_app.command("resume")
def clock_resume(ctx: typer.Context, ref: str, db: DbOption = None) -> None:
    """Restart the clock; the paused days move the deadline."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.resume_clock(wb, case.id, case.version)
    except WorkbenchError as exc:
        fail(exc)
    _moved(moved)


@clock_app.command("extend")
def clock_extend(ctx: typer.Context, ref: str,
                 days: Annotated[int, typer.Option("--days", min=1, max=365)],
                 reason: ReasonOpt = "", db: DbOption = None) -> None:
    """Extend the stage deadline within the rule's limit (e.g. 15 → 60 days)."""
    from workbench.services import escalation

    try:
        wb, case = _case_wb(ctx, db, ref)
        moved = escalation.extend(wb, case.id, case.version, days, reason)
    except WorkbenchError as exc:
        fail(exc)
    _moved(moved)


def main() -> None:
    from sqlalchemy.exc import DBAPIError

    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except DBAPIError as exc:  # a database error no command expected: a message, no trace
        from workbench.store.engine import translate_operational_error

        error = translate_operational_error(exc, "")
        typer.echo(f"workbench: {error.message}\n  → {error.hint}", err=True)
        sys.exit(error.exit_code)
