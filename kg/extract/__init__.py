"""Extraction: read → normalize → clean → segment → recognize → relate → resolve.

One module per stage; :mod:`kg.extract.pipeline` runs them in order and
:mod:`kg.extract.model` holds the data they pass along.

``kg.extract(paths)`` is also kg's main function (the README's Python example):
once this package is imported it takes the name ``kg.extract``, so the package
itself answers the call, by handing it to :func:`kg.extract.pipeline.extract`.
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from .pipeline import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
