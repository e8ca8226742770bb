"""Errors a user can cause. Each names the file (and line or offset) at fault."""

from __future__ import annotations

import re

__all__ = ["KGError", "InputError", "mask_url", "mask_credentials", "without_credentials"]

# user:password@ (or :password@) in a URL's authority
_CREDENTIALS = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<auth>[^/?#\s]*)@")


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


def mask_url(url: str) -> str:
    """A URL as kg shows it: the password replaced by ***, the user kept.
    "sparql+http://dba:dba@host/sparql" → "sparql+http://dba:***@host/sparql"."""
    return mask_credentials(url)


def mask_credentials(text: str) -> str:
    """Every URL in ``text`` with its password masked (see :func:`mask_url`)."""
    def mask(m: re.Match) -> str:
        user, colon, _password = m.group("auth").partition(":")
        return f"{m.group('scheme')}{user}{':***' if colon else ''}@"

    return _CREDENTIALS.sub(mask, text)


def without_credentials(url: str) -> str:
    """A URL with no user or password at all, to keep (an article's source)."""
    return _CREDENTIALS.sub(lambda m: m.group("scheme"), url)
