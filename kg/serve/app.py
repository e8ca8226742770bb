"""``kg serve``: a local explorer of a kg store and a standard SPARQL 1.1 endpoint.

Starlette (an ASGI toolkit, small and well kept) under uvicorn (a production ASGI
server): the pages' store queries run in Starlette's thread pool, which Oxigraph
allows to work in parallel (it releases the GIL while it evaluates), and client
SPARQL runs in worker processes with a time limit (kg.serve.sparql). Pages are
rendered on the server with Jinja2, whose autoescaping makes every string from an
article text, never markup; a Content-Security-Policy allows only kg's own
scripts and styles, and every asset (sigma.js, graphology) is shipped in the package.

Every page has a stable URL built from the entity's IRI (``kgr:person/x`` is
``/id/person/x``), and answers JSON to ``Accept: application/json`` (or ``?format=json``).
"""

from __future__ import annotations

import contextlib
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import KGError
from ..graph.lookup import KINDS, NameIndex
from ..graph.rdf import KGR
from . import pages
from .sparql import QueryPool, QueryRefused, classify, negotiate

__all__ = ["create_app", "CSP"]

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_QUERY = 100_000  # characters of SPARQL text accepted
PAGE_PATHS = {v: k for k, v in pages.KIND_PATHS.items()}  # organization → org


def _is_date(text: str) -> bool:
    import datetime

    try:
        return len(text) == 10 and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _templates():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(files("kg.serve") / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.filters["page"] = page_url
    env.filters["short"] = lambda iri: "kgr:" + iri[len(KGR):] if iri and iri.startswith(KGR) else iri
    env.filters["safe_url"] = lambda url: url if url and re.match(r"https?://", url) else None
    return env


def page_url(iri: str | None) -> str | None:
    """The explorer's URL for an entity IRI, or None when it has no page."""
    if not iri or pages.page_kind(iri) is None:
        return None
    return "/id/" + quote(iri[len(KGR):], safe="/-")


def _build_index(store) -> NameIndex:
    """Names of persons, organizations and events, weighted by how many facts tie them."""
    rows = []
    weights: dict[str, int] = {}
    for sparql in ("SELECT ?x (COUNT(?m) AS ?n) WHERE { ?m org:member ?x } GROUP BY ?x",
                   "SELECT ?x (COUNT(?m) AS ?n) WHERE { ?m org:organization ?x } GROUP BY ?x",
                   "SELECT ?x (COUNT(?p) AS ?n) WHERE { ?p kg:participant ?x } GROUP BY ?x",
                   "SELECT ?x (COUNT(?p) AS ?n) WHERE { ?x kg:participation ?p } GROUP BY ?x"):
        for x, n in store.select(sparql)[1]:
            weights[x.value] = weights.get(x.value, 0) + int(n.value)
    for kind in ("person", "org"):
        k = KINDS[kind]
        for x, n in store.select(f"SELECT ?x ?n WHERE {{ ?x a {k.cls} ; {k.label} ?n }}")[1]:
            rows.append((x.value, kind, n.value, weights.get(x.value, 0)))
    for x, n in store.select("SELECT ?x ?n WHERE { ?x a sdo:Event ; sdo:name ?n }")[1]:
        rows.append((x.value, "event", n.value, weights.get(x.value, 0)))
    return NameIndex.from_rows(rows)


def create_app(store, *, workers: int = 2, timeout: float = 10.0, max_result_mb: float = 50,
               allow_service: bool = False, pool: QueryPool | None = None) -> Starlette:
    """The ASGI application over a read-only KGStore."""
    env = _templates()
    index = _build_index(store)
    pool = pool or QueryPool(str(store.path), workers=workers, timeout=timeout,
                             max_bytes=int(max_result_mb * 2**20), allow_service=allow_service)
    _, count = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }")
    about = {"store": str(store.path), "articles": int(count[0][0].value), "names": len(index.entries),
             "timeout": timeout, "allow_service": allow_service}

    def wants_json(request: Request) -> bool:
        if request.query_params.get("format") == "json":
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def render(request: Request, template: str, data: dict, status: int = 200) -> Response:
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        html = env.get_template(template).render(data=data, about=about, request=request,
                                                 graph_json=None)
        return HTMLResponse(html, status_code=status)

    def not_found(request: Request, message: str) -> Response:
        return render(request, "error.html", {"error": message, "status": 404}, 404)

    async def home(request: Request) -> Response:
        return render(request, "home.html", {"kind": "home", **about})

    async def search(request: Request) -> Response:
        q = (request.query_params.get("q") or "").strip()[:200]
        kinds = [k for k in request.query_params.getlist("kind") if k in ("person", "org", "event")]
        hits = await run_in_threadpool(index.search, q, kinds or None, 50) if q else []
        results = [{"iri": h.iri, "kind": h.kind, "name": h.name, "facts": h.weight,
                    "page": page_url(h.iri)} for h in hits]
        if len(results) == 1 and not wants_json(request) and request.query_params.get("go"):
            return RedirectResponse(results[0]["page"], status_code=303)
        return render(request, "search.html", {"kind": "search", "q": q, "results": results})

    async def entity(request: Request) -> Response:
        path = request.path_params["path"]
        iri = KGR + path
        kind = pages.page_kind(iri)
        if kind is None:
            return not_found(request, f"kg has no page for {path!r}")
        date = request.query_params.get("date") or None
        if date and not _is_date(date):
            return render(request, "error.html", {"error": f"date {date!r}: give YYYY-MM-DD",
                                                  "status": 400}, 400)
        fn = getattr(pages, kind)
        data = await run_in_threadpool(fn, store, iri, date) if kind == "organization" else \
            await run_in_threadpool(fn, store, iri)
        if data is None:
            return not_found(request, f"nothing in the store is called {iri}")
        data["page"] = page_url(iri)
        return render(request, f"{kind}.html", data)

    async def graph(request: Request) -> Response:
        iri = request.query_params.get("iri") or ""
        if not iri.startswith(KGR):
            return JSONResponse({"error": "give ?iri= an entity IRI of kg"}, status_code=400)
        try:
            limit = max(1, min(500, int(request.query_params.get("limit", 150))))
        except ValueError:
            limit = 150
        data = await run_in_threadpool(pages.neighbourhood, store, iri, limit)
        for node in data["nodes"]:
            node["url"] = page_url(node["id"])
        return JSONResponse(data)

    async def sparql(request: Request) -> Response:
        params = dict(request.query_params.multi_items())
        defaults = request.query_params.getlist("default-graph-uri")
        named = request.query_params.getlist("named-graph-uri")
        query = params.get("query")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return _refuse(403, "this endpoint is read-only: SPARQL updates are refused")
            if ctype == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", "replace"))
                if "update" in form:
                    return _refuse(403, "this endpoint is read-only: SPARQL updates are refused")
                query = (form.get("query") or [query])[0]
                defaults += form.get("default-graph-uri", [])
                named += form.get("named-graph-uri", [])
            elif ctype == "application/sparql-query":
                query = (await request.body()).decode("utf-8", "replace")
            else:
                return _refuse(415, "send a query as application/sparql-query, or as a form "
                                    "(application/x-www-form-urlencoded) with query=")
        elif params.get("update") is not None:
            return _refuse(403, "this endpoint is read-only: SPARQL updates are refused")
        if not query:
            if "text/html" in request.headers.get("accept", ""):
                return render(request, "sparql.html", {"kind": "sparql", **about})
            return _refuse(400, "give a SPARQL query: GET /sparql?query=… or POST")
        if len(query) > MAX_QUERY:
            return _refuse(413, f"the query is longer than {MAX_QUERY:,} characters")
        try:
            kind = classify(query, allow_service=pool.allow_service)
            media = negotiate(kind, request.headers.get("accept"), params.get("format"))
        except QueryRefused as err:
            return _refuse(err.status, str(err))
        status, body = await pool.run(query, media, defaults, named)
        if status != 200:
            return _refuse(status, body)
        charset = "" if media.endswith("+json") or media == "application/ld+json" else "; charset=utf-8"
        return Response(body, media_type=media + charset, headers={"Vary": "Accept"})

    routes = [
        Route("/", home), Route("/search", search), Route("/id/{path:path}", entity),
        Route("/graph", graph), Route("/sparql", sparql, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(files("kg.serve") / "static")), name="static"),
        Mount("/vendor", StaticFiles(directory=str(files("kg.explore") / "vendor")), name="vendor"),
        Mount("/js", StaticFiles(directory=str(files("kg.explore") / "static")), name="js"),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()

    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(_Headers)])

    app.state.pool, app.state.index = pool, index
    return app


class _Headers:
    """Security headers on every answer (a plain ASGI middleware: no per-request task)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cors = scope["path"] == "/sparql"  # SPARQL clients in a browser (YASGUI) call from elsewhere

        async def with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
                if cors:
                    headers.append((b"access-control-allow-origin", b"*"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def serve(store_path: str | Path, host: str = "127.0.0.1", port: int = 8000, **options) -> None:
    """Run the explorer and endpoint until interrupted (the ``kg serve`` command)."""
    import uvicorn

    from ..graph.store import KGStore

    store = KGStore(store_path, read_only=True)
    app = create_app(store, **options)
    print(f"kg: serving {store_path} on http://{host}:{port}/ (SPARQL endpoint: "
          f"http://{host}:{port}/sparql); Ctrl-C stops", flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    except OSError as err:
        raise KGError(f"cannot listen on {host}:{port} ({err.strerror or err}); "
                      "choose another --port") from None
