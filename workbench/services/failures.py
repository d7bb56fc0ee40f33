"""Which unexpected-looking errors are really the database going away.

Screens keep running when a connection drops or a file is locked: they say so and try
again later. Every other exception that is not a `WorkbenchError` is a bug.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout


def database_unavailable(error: BaseException) -> bool:
    """True for a lost, refused, timed-out or locked database connection."""
    if isinstance(error, OperationalError | InterfaceError | PoolTimeout | ConnectionError):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)
