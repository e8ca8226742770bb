"""notebooks/explore.ipynb runs top to bottom on a clean kernel, as a reader would run it."""

import tempfile
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("kg-explore-*")}


def test_explore_notebook_runs_clean():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert all(not c.outputs for c in code), "save the notebook with its outputs cleared"
    before = _leftovers()
    nbclient.NotebookClient(notebook, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent.parent)}}).execute()
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    text = "\n".join(o.get("text", "") for c in code for o in c.outputs)
    assert "articles added" in text and "pairs who met" in text and "communities" in text
    # the first question tells a former holder from a current one
    posts = code[1].outputs[0]["text"].splitlines()
    assert posts[0].split() == ["name", "role", "organization", "status", "attested"]
    assert {"current", "former"} <= {w for line in posts[2:] for w in line.split()}
    [frame] = [o["data"]["text/html"] for c in code for o in c.outputs if "data" in o]
    assert frame.startswith("<iframe srcdoc=") and "kg-data" in frame
    assert _leftovers() == before, "the notebook left its temporary store behind"
