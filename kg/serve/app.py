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

import asyncio
import contextlib
import json
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import KGError
from ..graph.lookup import KINDS, NameIndex
from ..graph.rdf import KGR
from . import pages
from .around import neighbourhood
from .live import Answers, LiveStore, Snapshot, TooSlow
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


def open_snapshot(path: str | Path, generation: int, **about) -> Snapshot:
    """One generation of the store: opened read-only, indexed for search, counted."""
    from ..graph.store import KGStore

    store = KGStore(path, read_only=True)
    index = _build_index(store)
    _, count = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }")
    return Snapshot(store, index, {"store": str(path), "articles": int(count[0][0].value),
                                   "names": len(index.entries), "generation": generation, **about},
                    generation)


def _view(request: Request) -> pages.View | str:
    """What the request asks to see of a page, or why it cannot be shown."""
    q = request.query_params
    date = q.get("date") or None
    if date and not _is_date(date):
        return f"date {date!r}: give YYYY-MM-DD"
    try:
        page = int(q.get("page") or 1)
    except ValueError:
        page = 0
    if not 0 < page < 100_000:
        return f"page {q.get('page')!r}: give a page number from 1"
    show = q.get("show") or None
    role, org = (_as_iri(q.get(k)) for k in ("role", "org"))
    return pages.View(show=show, page=page, role=role, org=org, date=date)


def _as_iri(text: str | None) -> str | None:
    if not text:
        return None
    return KGR + text[4:] if text.startswith("kgr:") else text


def create_app(store_path: str | Path, *, workers: int = 2, timeout: float = 10.0,
               max_result_mb: float = 50, allow_service: bool = False, watch: float = 2.0,
               page_threads: int = 4, pool: QueryPool | None = None) -> Starlette:
    """The ASGI application over a kg store folder, opened read-only and watched for builds
    every ``watch`` seconds (0: never)."""
    env = _templates()
    live = LiveStore(store_path, lambda path, generation: open_snapshot(
        path, generation, timeout=timeout, allow_service=allow_service), interval=watch)
    pool = pool or QueryPool(str(store_path), workers=workers, timeout=timeout,
                             max_bytes=int(max_result_mb * 2**20), allow_service=allow_service)
    answers = Answers(threads=page_threads, timeout=timeout)
    searches = Answers(threads=4, timeout=timeout, max_bytes=8 * 2**20)  # their own threads
    loop_of: dict[str, asyncio.AbstractEventLoop] = {}

    def changed(snapshot: Snapshot) -> None:  # in the watcher's thread
        pool.generation = snapshot.generation
        if "loop" in loop_of:
            loop_of["loop"].call_soon_threadsafe(answers.clear)
            loop_of["loop"].call_soon_threadsafe(searches.clear)

    live.on_change(changed)

    def wants_json(request: Request) -> bool:
        if request.query_params.get("format") == "json":
            return True
        accept = request.headers.get("accept", "")
        return "application/json" in accept and "text/html" not in accept

    def render(request: Request, template: str, data: dict, status: int = 200,
               about: dict | None = None) -> Response:
        if wants_json(request):
            return JSONResponse(data, status_code=status)
        html = env.get_template(template).render(data=data, about=about or live.current.about,
                                                 request=request, graph_json=None)
        return HTMLResponse(html, status_code=status)

    def not_found(request: Request, message: str) -> Response:
        return render(request, "error.html", {"error": message, "status": 404}, 404)

    def too_slow(request: Request) -> Response:
        return render(request, "error.html", {
            "error": f"this page takes longer than {timeout:g} s to compute; it is being "
                     "computed: load it again in a moment", "status": 503}, 503)

    async def home(request: Request) -> Response:
        return render(request, "home.html", {"kind": "home", **live.current.about})

    async def search(request: Request) -> Response:
        snap = live.current
        q = (request.query_params.get("q") or "").strip()[:200]
        kinds = [k for k in request.query_params.getlist("kind") if k in ("person", "org", "event")]
        def find() -> list[dict]:
            return [{"iri": h.iri, "kind": h.kind, "name": h.name, "facts": h.weight,
                     "page": page_url(h.iri)} for h in snap.index.search(q, kinds or None, 50)]

        try:  # searches are answers too: the same words typed again cost nothing
            results = await searches.get((snap.generation, q, tuple(sorted(kinds))), find,
                                         size=_cost) if q else []
        except TooSlow:
            return too_slow(request)
        if len(results) == 1 and not wants_json(request) and request.query_params.get("go"):
            return RedirectResponse(results[0]["page"], status_code=303)
        return render(request, "search.html", {"kind": "search", "q": q, "results": results},
                      about=snap.about)

    def page_data(snap: Snapshot, kind: str, iri: str, view: pages.View) -> dict | None:
        data = getattr(pages, kind)(snap.store, iri, view)
        if data is None:
            return None
        here = page_url(iri)
        data["page"] = here
        for paging in _pagings(data):
            for k in ("next", "prev", "all"):
                if paging.get(k):
                    paging[k] = f"{here}?{paging[k]}"
        return data

    async def entity(request: Request) -> Response:
        snap = live.current
        path = request.path_params["path"]
        iri = KGR + path
        kind = pages.page_kind(iri)
        if kind is None:
            return not_found(request, f"kg has no page for {path!r}")
        view = _view(request)
        if isinstance(view, str):
            return render(request, "error.html", {"error": view, "status": 400}, 400)
        as_json = wants_json(request)
        done = (snap.generation, "json" if as_json else "html", iri, view)
        body = answers.peek(done)  # the page as sent, once it has been rendered
        if body is None:
            try:
                data = await answers.get((snap.generation, "page", iri, view),
                                         lambda: page_data(snap, kind, iri, view), size=_cost)
            except TooSlow:
                return too_slow(request)
            if data is None:
                return not_found(request, f"nothing in the store is called {iri}")
            body = render(request, f"{kind}.html", data, about=snap.about).body
            answers.put(done, body, len(body))
        return Response(body, media_type="application/json" if as_json else "text/html",
                        headers={"Vary": "Accept"})

    async def graph(request: Request) -> Response:
        snap = live.current
        iri = request.query_params.get("iri") or ""
        if not iri.startswith(KGR):
            return JSONResponse({"error": "give ?iri= an entity IRI of kg"}, status_code=400)
        try:
            limit = max(1, min(500, int(request.query_params.get("limit", 150))))
        except ValueError:
            limit = 150

        def compute() -> dict:
            data = neighbourhood(snap.store, iri, limit)
            for node in data["nodes"]:
                node["url"] = page_url(node["id"])
            return data

        try:
            data = await answers.get((snap.generation, "graph", iri, limit), compute, size=_cost)
        except TooSlow:
            return JSONResponse({"error": "the graph is still being computed; ask again"},
                                status_code=503)
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
                return render(request, "sparql.html", {"kind": "sparql", **live.current.about})
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
        loop_of["loop"] = asyncio.get_running_loop()
        live.start()
        yield
        live.stop()
        pool.close()

    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(_Headers)])
    app.state.pool, app.state.live, app.state.answers = pool, live, answers
    return app


def _pagings(data: dict) -> list[dict]:
    """Every paging record of a page's data (top level, per career line, per role's holders)."""
    out = list((data.get("paging") or {}).values())
    for line in data.get("career", []):
        out.append(line["paging"])
    for role in data.get("holders", []):
        out.append(role["paging"])
    return out


def _cost(data) -> int:
    """Roughly what an answer costs to keep, in bytes (its JSON's size)."""
    return len(json.dumps(data, ensure_ascii=False)) if data is not None else 64


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

    app = create_app(store_path, **options)
    print(f"kg: serving {store_path} on http://{host}:{port}/ (SPARQL endpoint: "
          f"http://{host}:{port}/sparql); Ctrl-C stops", flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    except OSError as err:
        raise KGError(f"cannot listen on {host}:{port} ({err.strerror or err}); "
                      "choose another --port") from None
