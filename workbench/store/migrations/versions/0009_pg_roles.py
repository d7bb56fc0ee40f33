"""PostgreSQL group roles, grants, an insert-only history and guarded decisions

On PostgreSQL the rules that matter most are enforced by the server, not only by Python:
- group roles `workbench_caseworker` ⊂ `workbench_supervisor` ⊂ `workbench_admin` (NOLOGIN;
  each caseworker logs in as their own role, granted one of the groups);
- `case_event` is insert-only for everyone, the owner included (a trigger refuses UPDATE,
  DELETE and TRUNCATE). The retention work will tombstone payloads through one dedicated
  SECURITY DEFINER function; none exists yet, on purpose;
- deciding an approval, reopening a closed case and changing a person's role go through
  SECURITY DEFINER functions that authorise `session_user` by group membership; triggers
  refuse the same changes made with plain SQL by anyone but the owner.

SQLite has no roles: there only the two columns are added, so both keep one schema.

Revision ID: 0009_pg_roles
Revises: 0009_identity
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import op

revision = "0009_pg_roles"
down_revision = "0009_identity"
branch_labels = None
depends_on = None

CASEWORKER, SUPERVISOR, ADMIN = "workbench_caseworker", "workbench_supervisor", "workbench_admin"
GROUPS = (CASEWORKER, SUPERVISOR, ADMIN)

# What ordinary case work writes (every group, through the caseworker group).
WORK_TABLES = ("provider", "complainant", "complaint_case", "evidence", "annotation",
               "contact", "filing", "doc_counter", "case_search")
FUNCTIONS = ("workbench_decide_approval(integer, boolean, text, text, timestamptz)",
             "workbench_reopen_case(integer, text, text)",
             "workbench_set_role(text, text, text)")
TRIGGERS = (("case_event", "case_event_no_rewrite"), ("case_event", "case_event_no_truncate"),
            ("approval_request", "approval_request_guard"),
            ("complaint_case", "complaint_case_guard"))
TRIGGER_FUNCTIONS = ("workbench_refuse_rewrite", "workbench_guard_approval",
                     "workbench_guard_case")

# The owner of the table a trigger fires on: the definer of our functions (and the one
# who runs migrations). Anyone else changing a guarded column is refused.
_BY_OWNER = ("current_user = (SELECT pg_get_userbyid(relowner) FROM pg_catalog.pg_class "
             "WHERE oid = TG_RELID)")
_OWNER_SESSION = ("(SELECT rolsuper OR oid = (SELECT relowner FROM pg_catalog.pg_class "
                  "WHERE oid = 'approval_request'::regclass) "
                  "FROM pg_catalog.pg_roles WHERE rolname = session_user)")
_SUPERVISOR = (f"(pg_has_role(session_user, '{SUPERVISOR}', 'MEMBER') "
               f"OR pg_has_role(session_user, '{ADMIN}', 'MEMBER'))")


def _has_column(table: str, column: str) -> bool:
    return any(c["name"] == column for c in sa.inspect(op.get_bind()).get_columns(table))


def upgrade() -> None:
    # caseworker.db_role maps a PostgreSQL login to its person. The identity work adds it
    # too: whichever migration runs second finds it there.
    if not _has_column("caseworker", "db_role"):
        op.add_column("caseworker", sa.Column(
            "db_role", sqlmodel.sql.sqltypes.AutoString(length=64), server_default="",
            nullable=False))
    # the database role that asked (set by the server on PostgreSQL, whatever the client
    # sent), so a supervisor cannot file a request in someone else's name and approve it
    op.add_column("approval_request", sa.Column(
        "requested_db_role", sqlmodel.sql.sqltypes.AutoString(length=64), server_default="",
        nullable=False))
    if op.get_bind().dialect.name != "postgresql":
        return
    _create_groups()
    _grant()
    _insert_only_history()
    _guards()
    _functions()


def _create_groups() -> None:
    # Roles are cluster-wide: another database may have created them already (or a DBA,
    # when the owner has no CREATEROLE). Memberships are granted only where missing.
    for group in GROUPS:
        op.execute(f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{group}') THEN
    CREATE ROLE {group} NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- created meanwhile
END $$""")
    for member, group in ((SUPERVISOR, CASEWORKER), (ADMIN, SUPERVISOR)):
        op.execute(f"""
DO $$ BEGIN
  IF NOT pg_has_role('{member}', '{group}', 'MEMBER') THEN
    GRANT {group} TO {member};
  END IF;
END $$""")


def _grant() -> None:
    # Grants cover the tables that exist now: a later migration adding a table grants its
    # own privileges (no default privileges, so nothing new is writable by accident).
    groups = ", ".join(GROUPS)
    tables = (*WORK_TABLES, "caseworker", "case_event", "approval_request", "draft", "holiday",
              "wb_meta", "alembic_version")
    op.execute(f"GRANT SELECT ON {', '.join(tables)} TO {groups}")
    op.execute(f"GRANT INSERT, UPDATE ON {', '.join(WORK_TABLES)} TO {CASEWORKER}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON draft TO {CASEWORKER}")
    op.execute(f"GRANT INSERT ON case_event TO {CASEWORKER}")
    # requests are filed by anyone; a decision only through workbench_decide_approval;
    # `status` moves approved → used (the step taken) and back (undone) in ordinary work
    op.execute(f"GRANT INSERT, UPDATE (status) ON approval_request TO {CASEWORKER}")
    # people: registered by an admin; a role changes only through workbench_set_role
    op.execute(f"GRANT INSERT, UPDATE (login, display_name, active, db_role) ON caseworker "
               f"TO {ADMIN}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON holiday TO {ADMIN}")
    # wb_meta: the chain writer locks and moves the `chain_head` row, nothing else (the
    # key, salt and id rows are written once, by the owner's first start)
    op.execute(f"GRANT UPDATE (value) ON wb_meta TO {CASEWORKER}")
    op.execute("ALTER TABLE wb_meta ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY wb_meta_read ON wb_meta FOR SELECT TO {CASEWORKER} USING (true)")
    op.execute(f"CREATE POLICY wb_meta_chain_head ON wb_meta FOR UPDATE TO {CASEWORKER} "
               "USING (key = 'chain_head') WITH CHECK (key = 'chain_head')")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_schema()} TO {CASEWORKER}")


def _insert_only_history() -> None:
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON case_event FROM PUBLIC, {', '.join(GROUPS)}")
    op.execute("""
CREATE OR REPLACE FUNCTION workbench_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
    MESSAGE = format('案件历史只能追加, 不能修改 (case_event is append-only: %s refused)', TG_OP),
    HINT = 'Record a new event instead; history is never rewritten.';
END $$""")
    # "even the owner": a trigger fires for every role; only dropping it (the owner can)
    # gets past it, and the audit anchors catch a chain recomputed after that
    op.execute("CREATE TRIGGER case_event_no_rewrite BEFORE UPDATE OR DELETE ON case_event "
               "FOR EACH ROW EXECUTE FUNCTION workbench_refuse_rewrite()")
    op.execute("CREATE TRIGGER case_event_no_truncate BEFORE TRUNCATE ON case_event "
               "FOR EACH STATEMENT EXECUTE FUNCTION workbench_refuse_rewrite()")


def _guards() -> None:
    op.execute(f"""
CREATE OR REPLACE FUNCTION workbench_guard_approval() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.requested_db_role := session_user;
  END IF;
  IF {_BY_OWNER} THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'pending' OR NEW.decided_by <> '' OR NEW.decided_at IS NOT NULL THEN
      RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = '新的审批申请只能是待审批状态 (a new approval request must be pending)',
        HINT = 'A supervisor decides it with workbench_decide_approval().';
    END IF;
    RETURN NEW;
  END IF;
  IF (NEW.status IS DISTINCT FROM OLD.status
      AND (OLD.status, NEW.status) NOT IN (('approved', 'used'), ('used', 'approved')))
     OR ROW(NEW.case_id, NEW.to_stage, NEW.reason, NEW.requested_by, NEW.requested_at,
            NEW.requested_db_role, NEW.decided_by, NEW.decided_at, NEW.note)
        IS DISTINCT FROM ROW(OLD.case_id, OLD.to_stage, OLD.reason, OLD.requested_by,
            OLD.requested_at, OLD.requested_db_role, OLD.decided_by, OLD.decided_at, OLD.note)
  THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = '审批决定只能由负责人通过审批功能作出 (approval decisions go through '
                'workbench_decide_approval)',
      HINT = 'Ask a supervisor to approve it in the workbench.';
  END IF;
  RETURN NEW;
END $$""")
    op.execute("CREATE TRIGGER approval_request_guard BEFORE INSERT OR UPDATE ON "
               "approval_request FOR EACH ROW EXECUTE FUNCTION workbench_guard_approval()")
    op.execute(f"""
CREATE OR REPLACE FUNCTION workbench_guard_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF {_BY_OWNER} THEN
    RETURN NEW;
  END IF;
  IF (OLD.status = 'closed' OR OLD.stage = 'closed')
     AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.stage IS DISTINCT FROM OLD.stage) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('已结案件 %s 只能由负责人重新打开 (reopening goes through '
                       'workbench_reopen_case)', OLD.ref),
      HINT = 'Ask a supervisor to reopen it in the workbench.';
  END IF;
  IF NEW.stage IN ('media', 'legal') AND NEW.stage IS DISTINCT FROM OLD.stage
     AND NOT EXISTS (SELECT 1 FROM approval_request a WHERE a.case_id = NEW.id
                     AND a.to_stage = NEW.stage AND a.status IN ('approved', 'used')) THEN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
      MESSAGE = format('案件 %s 转到 %s 需要负责人批准 (no approval for this step)',
                       OLD.ref, NEW.stage),
      HINT = 'Request an approval first.';
  END IF;
  RETURN NEW;
END $$""")
    op.execute("CREATE TRIGGER complaint_case_guard BEFORE UPDATE ON complaint_case "
               "FOR EACH ROW EXECUTE FUNCTION workbench_guard_case()")


def _definer(signature: str, declare: str, body: str) -> None:
    # SECURITY DEFINER with a fixed search_path (pg_temp last: no temporary object can
    # stand in for ours); authorisation is by session_user, which a definer cannot change
    op.execute(f"""
CREATE OR REPLACE FUNCTION {signature} RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, {_schema()}, pg_temp AS $$
{declare}
BEGIN
{body}
END $$""")


def _refuse(message: str, hint: str) -> str:
    return (f"RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = {message}, "
            f"HINT = '{hint}';")


def _functions() -> None:
    supervisor_only = (f"IF NOT {_SUPERVISOR} THEN "
                       + _refuse("format('数据库角色 %s 不是负责人 (not in workbench_supervisor)',"
                                 " session_user)", "Ask a supervisor.") + " END IF;")
    _definer("workbench_decide_approval(p_request integer, p_approve boolean, p_note text, "
             "p_decider text, p_at timestamptz)",
             "DECLARE req approval_request%ROWTYPE; requester_role text;", f"""
  {supervisor_only}
  SELECT * INTO req FROM approval_request WHERE id = p_request FOR UPDATE;
  IF NOT FOUND OR req.status <> 'pending' THEN
    RAISE EXCEPTION USING ERRCODE = 'no_data_found',
      MESSAGE = format('没有待审批的申请 #%s (no pending request)', p_request),
      HINT = 'List them with `workbench approvals`.';
  END IF;
  SELECT db_role INTO requester_role FROM caseworker WHERE login = req.requested_by;
  -- the owner's (or a superuser's) session may be shared by everyone on a small install:
  -- it can change anything anyway, so its filing role proves nothing either way
  IF session_user IN (req.requested_by, coalesce(requester_role, ''))
     OR p_decider = req.requested_by
     OR (session_user = req.requested_db_role AND NOT {_OWNER_SESSION}) THEN
    {_refuse("format('不能审批自己的申请 #%s (the requester cannot decide it)', p_request)",
             "Ask another supervisor.")}
  END IF;
  UPDATE approval_request SET status = CASE WHEN p_approve THEN 'approved' ELSE 'denied' END,
    decided_by = p_decider, decided_at = p_at, note = coalesce(p_note, '')
  WHERE id = p_request;""")
    _definer("workbench_reopen_case(p_case integer, p_stage text, p_actor text)", "", f"""
  {supervisor_only}
  IF p_stage = 'closed' THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = '重新打开的案件不能转到结案 (reopen to an open stage)';
  END IF;
  IF p_stage IN ('media', 'legal') AND NOT EXISTS (
      SELECT 1 FROM approval_request WHERE case_id = p_case AND to_stage = p_stage
      AND status IN ('approved', 'used')) THEN
    {_refuse("format('转到 %s 需要负责人批准 (no approval for this step)', p_stage)",
             "Request an approval first.")}
  END IF;
  UPDATE complaint_case SET stage = p_stage, status = 'open', outcome = NULL,
    closed_at = NULL, updated_by = p_actor
  WHERE id = p_case AND status = 'closed';
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'no_data_found',
      MESSAGE = format('案件 #%s 不存在或未结案 (no closed case)', p_case);
  END IF;""")
    _definer("workbench_set_role(p_login text, p_role text, p_actor text)", "", f"""
  IF NOT pg_has_role(session_user, '{ADMIN}', 'MEMBER') THEN
    {_refuse("format('数据库角色 %s 不是管理员 (not in workbench_admin)', session_user)",
             "Ask an admin.")}
  END IF;
  IF p_role NOT IN ('caseworker', 'supervisor', 'admin') THEN
    RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
      MESSAGE = format('未知角色 %s (caseworker, supervisor or admin)', p_role);
  END IF;
  UPDATE caseworker SET role = p_role WHERE login = p_login;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'no_data_found',
      MESSAGE = format('没有登记人员 %s (no such person)', p_login);
  END IF;""")
    for function in FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {function} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {CASEWORKER}")


def _schema() -> str:
    return str(op.get_bind().exec_driver_sql("SELECT current_schema()").scalar())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, trigger in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in (*FUNCTIONS, *(f"{name}()" for name in TRIGGER_FUNCTIONS)):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
        op.execute("DROP POLICY IF EXISTS wb_meta_read ON wb_meta")
        op.execute("DROP POLICY IF EXISTS wb_meta_chain_head ON wb_meta")
        op.execute("ALTER TABLE wb_meta DISABLE ROW LEVEL SECURITY")
        # the roles stay: they are cluster-wide and other databases may use them
        for group in GROUPS:
            op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_schema()} FROM {group}")
            op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_schema()} FROM {group}")
    op.execute("ALTER TABLE approval_request DROP COLUMN requested_db_role")
    # caseworker.db_role stays: the identity work owns it too
