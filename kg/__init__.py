"""kg: knowledge graphs of person, role, organization and event facts from Vietnamese news.

>>> import kg
>>> facts = kg.extract_text("Đồng chí Nguyễn Văn An, Bí thư Huyện ủy Yên Thành chủ trì hội nghị.")
>>> [p.name for p in facts.persons]
['Nguyễn Văn An']

Importing kg loads nothing heavy: underthesea, the lexicons and the gazetteer
load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["extract", "extract_document", "extract_text", "iter_documents", "evaluate",
           "to_networkx", "KGError", "InputError", "__version__"]

from .errors import InputError, KGError


def __getattr__(name: str):
    if name == "extract":
        import importlib
        return importlib.import_module(".extract", __name__)  # a callable package: kg/extract/__init__.py
    if name in ("extract_document", "extract_text"):
        from .extract import pipeline
        return getattr(pipeline, name)
    if name == "iter_documents":
        from .extract.read import iter_documents
        return iter_documents
    if name == "to_networkx":
        from .graph.project import to_networkx
        return to_networkx
    if name == "evaluate":
        from .evaluate import evaluate
        return evaluate
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
