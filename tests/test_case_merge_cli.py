"""`workbench merge`, `duplicates` and `show`: the plan printed, the confirmation, the
redirect of a merged-away ref in every command that takes a REF, and audit verify after."""

from __future__ import annotations

from typer.testing import CliRunner

from tests.conftest import TODAY, open_test_store
from tests.factories import new_case, provider
from workbench.cli import app
from workbench.domain.clock import FrozenClock
from workbench.services.cases import ensure_caseworker
from workbench.services.context import Workbench

runner = CliRunner()


def test_merge_duplicates_and_the_redirect(db_url: str) -> None:
    def run(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["--db", db_url, *args])

    assert run("people", "list").exit_code == 0  # the creator is the admin
    store = open_test_store(db_url)
    wb = Workbench(store=store, actor="alice", clock=FrozenClock.on(TODAY))
    ensure_caseworker(wb, "alice", role="supervisor")
    pid = provider(wb)
    keep, away = new_case(wb, provider_id=pid), new_case(wb, title="重复", provider_id=pid)
    store.dispose()

    listed = run("duplicates", keep.ref)
    assert listed.exit_code == 0 and away.ref in listed.output, listed.output
    unconfirmed = run("--user", "alice", "merge", keep.ref, away.ref, "--reason", "重复登记")
    assert unconfirmed.exit_code == 8 and "--yes" in unconfirmed.output, unconfirmed.output
    assert "移入" in unconfirmed.output  # the plan is printed before anything is asked
    merged = run("--user", "alice", "merge", keep.ref, away.ref, "--reason", "重复登记",
                 "--yes")
    assert merged.exit_code == 0 and f"{away.ref} 已并入 {keep.ref}" in merged.output, \
        merged.output
    shown = run("show", away.ref)
    assert shown.exit_code == 0, shown.output
    assert f"{away.ref} 已并入 {keep.ref}" in shown.output
    assert shown.output.count(keep.ref) >= 2 and "并入" in shown.output
    contact = run("contact", away.ref, "--summary", "再次致电")
    assert contact.exit_code == 0 and f"{keep.ref}：已记录联系" in contact.output, contact.output
    again = run("--user", "alice", "merge", keep.ref, away.ref, "--reason", "再来", "--yes")
    assert again.exit_code == 8 and "已结案" in again.output
    verified = run("audit", "verify")
    assert verified.exit_code == 0, verified.output
