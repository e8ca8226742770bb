"""Every command of the README works as written after the Quickstart (issue 12, item 17).

The commands are read from README.md itself, so this test grows with it: every line of
a ``sh`` block, every ``$ `` line of a plain block (with the output shown under it,
``…`` standing for what is left out of it), every ``python`` block, and every ``sparql`` block
(run through ``kg query``). They run in README order, in a folder holding a copy of the
examples and the gold set and the store the Quickstart builds, with .venv/bin on the
PATH, as a reader would run them after ``. .venv/bin/activate``.

Not run here, and why (each is a pattern of the commands it covers): ``SKIPPED``.
"""

from __future__ import annotations

import gc
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kg.cli import main

from conftest import ROOT, SHARED

README = ROOT / "README.md"
SKIPPED = [  # (a pattern of the command, why it is not run here)
    (r"--scheduler|^dask ", "needs a Dask cluster (tests/test_build_scale.py starts a local one)"),
    (r"sparql\+http://|--to sparql\b", "needs Virtuoso on localhost:8890 "
                                       "(tests/test_export.py and test_build_scale.py start one)"),
    (r"--to bolt://", "needs Neo4j on localhost:7687, not installable here "
                      "(tests/test_export.py checks the Bolt path)"),
    (r"--to falkordb://", "needs FalkorDB on localhost:6379 (tests/test_export.py starts one)"),
    (r"^kg serve\b", "a web server that runs until stopped (tests/test_serve.py starts one)"),
    (r"127\.0\.0\.1:8000", "talks to kg serve at 127.0.0.1:8000 (tests/test_serve.py queries a "
                            "served store with SPARQLWrapper)"),
    (r"benchmarks/", "a benchmark: minutes of work on ../shared"),
    (r"-m pytest", "the test suite itself"),
]
_SHELL = set("|&;<>()$`*?")  # a line with any of these runs in bash, not in this process


@dataclass
class Command:
    kind: str  # sh, python or sparql
    text: str
    line: int  # in README.md
    output: list[str] = field(default_factory=list)  # what the README shows it printing

    def __str__(self) -> str:
        return f"README.md:{self.line}: {self.text.splitlines()[0][:60]}"


def _blocks(text: str):
    """(language, line number of its first line, lines) of every fenced block."""
    lines = text.splitlines()
    n = 0
    while n < len(lines):
        fence = re.match(r"^```(\w*)\s*$", lines[n])
        if not fence:
            n += 1
            continue
        end = next(k for k in range(n + 1, len(lines)) if lines[k].startswith("```"))
        yield fence.group(1), n + 2, lines[n + 1:end]
        n = end + 1


def _commands() -> tuple[list[str], list[Command]]:
    """The Quickstart's kg commands, and every other command of the README, in order."""
    text = README.read_text(encoding="utf-8")
    quickstart_at = text.index("## Quickstart")
    quickstart: list[str] = []
    commands: list[Command] = []
    for lang, first, lines in _blocks(text):
        offset = len(text[:quickstart_at].splitlines())
        if lang == "sh" and not quickstart and first > offset:
            # its first line sets up .venv, then builds: the builds are what the test repeats
            quickstart = [part.strip() for part in lines[0].split("&&")
                          if "-m venv" not in part and "pip install" not in part]
            continue
        if lang == "sh":
            commands += [Command("sh", line.strip(), first + k) for k, line in enumerate(lines)
                         if line.strip() and not line.lstrip().startswith("#")]
        elif lang == "":
            for k, line in enumerate(lines):
                if line.startswith("$ "):
                    commands.append(Command("sh", line[2:], first + k))
                elif commands and commands[-1].line >= first:
                    commands[-1].output.append(line)
        elif lang in ("python", "sparql"):
            commands.append(Command(lang, "\n".join(lines), first))
    return quickstart, commands


QUICKSTART, COMMANDS = _commands()


def _skip_reason(command: Command) -> str | None:
    for pattern, why in SKIPPED:
        if command.kind != "sparql" and re.search(pattern, command.text, re.MULTILINE):
            return why
    if re.search(r"tests/gold/(real|samples|identity)\b", command.text) and not SHARED.is_dir():
        return f"reads the shared texts, not found at {SHARED} (set KG_SHARED)"
    return None


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A reader's folder after the Quickstart: the examples, the tests' articles and gold,
    .venv, kg-out/."""
    here = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", here / "examples")
    shutil.copytree(ROOT / "tests", here / "tests",
                    ignore=shutil.ignore_patterns("__pycache__", "artifacts"))
    (here / ".venv").symlink_to(sys.prefix)  # the environment these tests run in
    assert QUICKSTART, "README Quickstart block not found"
    for line in QUICKSTART:
        res = _bash(line, here)
        assert res.returncode == 0, (line, res.stderr[-2000:])
    return here


def _env() -> dict:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}


def _bash(line: str, cwd: Path):
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=600)


def _run(command: Command, cwd: Path, capsys, monkeypatch) -> tuple[int, str]:
    """Run one command; its exit status and everything it printed."""
    if command.kind == "python":
        res = subprocess.run([sys.executable, "-c", command.text], cwd=cwd, env=_env(),
                             capture_output=True, text=True, timeout=600)
        return res.returncode, res.stdout + res.stderr
    if command.kind == "sparql":
        command = Command("sh", shlex.join(["kg", "query", "--store", "kg-out/kg.db",
                                            command.text]), command.line)
    words = shlex.split(command.text, comments=True)
    if words and Path(words[0]).name == "kg" and not _SHELL & set(
            command.text.split("#")[0].replace("'", " ").replace('"', " ")):
        # a plain kg command: run in this process (the models load once for the lot)
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        status = main(words[1:])
        out = capsys.readouterr()
        gc.collect()  # close the stores it opened: the next command may write to them
        return status, out.out + out.err
    res = _bash(command.text, cwd)
    return res.returncode, res.stdout + res.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_readme_command(command, workdir, capsys, monkeypatch):
    if why := _skip_reason(command):
        pytest.skip(why)
    status, printed = _run(command, workdir, capsys, monkeypatch)
    if command.output:  # a shown session: what it prints is what the README says
        shown = [line.strip() for line in command.output if line.strip() not in ("", "…")]
        got = [line.strip() for line in printed.splitlines()]
        for line in shown:  # "…" in a line stands for what the README leaves out of it
            pattern = re.compile(".*?".join(map(re.escape, line.split("…"))))
            assert any(pattern.search(g) for g in got), f"{command}: {line!r} not in:\n{printed}"
        return
    assert status == 0, f"{command} exited {status}:\n{printed[-3000:]}"
    if command.kind == "sparql":
        assert not printed.rstrip().endswith("(0 rows)"), f"{command} found nothing"


def test_the_readme_commands_are_found():
    """The parser sees what the README holds: the Quickstart and the blocks after it."""
    assert QUICKSTART == [".venv/bin/kg build examples/ --store kg-out/kg.db",
                          ".venv/bin/kg serialize --store kg-out/kg.db -o kg-out/graph.ttl"]
    kinds = {c.kind for c in COMMANDS}
    assert kinds == {"sh", "python", "sparql"}
    assert any(c.output for c in COMMANDS)
    assert len(COMMANDS) > 30
