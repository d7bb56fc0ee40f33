"""The throwaway PostgreSQL server the postgres tests run against."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

try:
    from tests.pgserver import PostgresServer, find_pg_bin
except ImportError:  # tests/ is not a package: pytest put tests/ itself on sys.path
    from pgserver import PostgresServer, find_pg_bin  # type: ignore[no-redef]

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_server() -> Iterator[PostgresServer]:
    if find_pg_bin() is None:
        reason = (
            "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH "
            "or under /usr/lib/postgresql/*/bin"
        )
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    with PostgresServer() as server:
        yield server


def test_throwaway_server_supports_trigram_search_on_chinese_text(
    pg_server: PostgresServer,
) -> None:
    import psycopg

    url = pg_server.create_database("t_pgserver_smoke")
    assert url == (f"postgresql+psycopg://postgres@127.0.0.1:{pg_server.port}/t_pgserver_smoke")
    try:
        with psycopg.connect(pg_server.conninfo("t_pgserver_smoke")) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)

            version = conn.execute("SHOW server_version").fetchone()[0]
            assert int(version.split(".")[0]) >= 15, version

            ctype = conn.execute(
                "SELECT datctype FROM pg_database WHERE datname = current_database()"
            ).fetchone()[0]
            assert ctype not in ("C", "POSIX"), f"pg_trgm needs a real ctype, got {ctype!r}"

            extensions = {row[0] for row in conn.execute("SELECT extname FROM pg_extension")}
            assert "pg_trgm" in extensions

            # CJK characters must count as word characters, or there are no trigrams.
            assert conn.execute("SELECT show_trgm('跳码')").fetchone()[0]
            assert conn.execute("SELECT '跳码投诉' % '跳码'").fetchone() == (True,)
            similarity = conn.execute("SELECT similarity('跳码投诉', '跳码')").fetchone()[0]
            assert similarity > 0.3, similarity
            assert conn.execute("SELECT '某某支付跳码' ILIKE '%跳码%'").fetchone() == (True,)
            assert conn.execute("SELECT '某某支付' ILIKE '%跳码%'").fetchone() == (False,)

            # A trigram index serves the ILIKE search the complaint list uses.
            conn.execute("CREATE TABLE complaint (id serial PRIMARY KEY, summary text)")
            conn.execute(
                "CREATE INDEX complaint_summary_trgm ON complaint USING gin (summary gin_trgm_ops)"
            )
            conn.execute(
                "INSERT INTO complaint (summary) VALUES (%s), (%s)",
                ("某某支付跳码,商户名称与实际不符", "押金未退还"),
            )
            hits = conn.execute(
                "SELECT summary FROM complaint WHERE summary ILIKE %s", ("%跳码%",)
            ).fetchall()
            assert hits == [("某某支付跳码,商户名称与实际不符",)]
    finally:
        pg_server.drop_database("t_pgserver_smoke")

    with psycopg.connect(pg_server.conninfo()) as conn:
        left = conn.execute(
            "SELECT count(*) FROM pg_database WHERE datname = 't_pgserver_smoke'"
        ).fetchone()
        assert left == (0,)


def test_databases_are_isolated(pg_server: PostgresServer) -> None:
    import psycopg

    pg_server.create_database("t_iso_a", extensions=())
    pg_server.create_database("t_iso_b")
    try:
        with psycopg.connect(pg_server.conninfo("t_iso_a"), autocommit=True) as conn:
            conn.execute("CREATE TABLE only_in_a (x int)")
            assert conn.execute(
                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"
            ).fetchone() == (0,)
        with psycopg.connect(pg_server.conninfo("t_iso_b"), autocommit=True) as conn:
            assert conn.execute("SELECT to_regclass('only_in_a')").fetchone() == (None,)
    finally:
        pg_server.drop_database("t_iso_a")
        pg_server.drop_database("t_iso_b")
