"""Errors a user can cause. Each names the file (and line or offset) at fault."""

from __future__ import annotations

__all__ = ["KGError", "InputError"]


class KGError(Exception):
    """Base class for every error kg reports to a user instead of a traceback."""


class InputError(KGError):
    """A document that cannot be read. The rest of a corpus run goes on."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
