"""Errors a user can cause. Each carries a message saying what is wrong and what to do.

This module is a leaf: every layer may import it.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base for expected errors; the CLI prints them and exits non-zero, the TUI shows them."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  → {self.hint}" if self.hint else self.message


class ConfigError(WorkbenchError):
    exit_code = 2


class StorageError(WorkbenchError):
    exit_code = 3


class SchemaError(StorageError):
    exit_code = 4


class SecretError(WorkbenchError):
    exit_code = 5


class NotFound(WorkbenchError):
    exit_code = 6


class ConflictError(WorkbenchError):
    """Someone else changed the record since the caller read it."""

    exit_code = 7


class RuleViolation(WorkbenchError):
    """A domain rule refused the operation (ladder, validation, permissions)."""

    exit_code = 8


class ChecksFailed(WorkbenchError):
    """`workbench doctor` found at least one check that fails."""

    exit_code = 1


class VerificationFailed(WorkbenchError):
    """A verification (the audit chain, the evidence files) found altered or missing data."""

    exit_code = 9

