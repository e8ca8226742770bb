"""Offices: how many hold a role in an organization at once, from ``kg/data/offices.tsv``.

"Bí thư" of one Huyện ủy has one holder at a time, so a successor ends the tenure
before and two at once are a conflict; "Phó Chủ tịch" has several; "Đại biểu"
of the Quốc hội has hundreds, across provinces. The file is data: a role or a
kind of body is a new line, not new code.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

from ..extract.normalize import match_key

__all__ = ["holders", "top_office", "HOLDERS"]

HOLDERS = ("one", "many", "numerous")


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, frozenset[str], bool], ...]:
    rows = []
    text = files("kg.data").joinpath("offices.tsv").read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or cells[1] not in HOLDERS:
            raise ValueError(f"kg/data/offices.tsv:{n}: write ROLE<TAB>one|many|numerous"
                             "[<TAB>KINDS[<TAB>top]]")
        kinds = frozenset(k for k in (cells[2] if len(cells) > 2 else "").split("|") if k)
        rows.append((match_key(cells[0]), cells[1], kinds, len(cells) > 3 and cells[3] == "top"))
    return tuple(rows)


@lru_cache(maxsize=4096)
def holders(role: str, kind: str | None) -> str:
    """"one", "many" or "numerous" for a role (its label) in an organization of ``kind``."""
    row = _row(role, kind)
    return row[1] if row else "many"


@lru_cache(maxsize=4096)
def top_office(role: str, kind: str | None) -> bool:
    """One of the few offices at the head of the state and the Party (column 4: "top")."""
    row = _row(role, kind)
    return bool(row and row[3])


def _row(role: str, kind: str | None):
    key = match_key(role)
    return next((r for r in _rows() if r[0] == key and (not r[2] or kind in r[2])), None)
