"""The README's set-up for learners without make ("Without make (Windows)") works as written.

The commands are read from the README's two code blocks, so the test and the README cannot
drift apart. The quick tests check the Windows block says the same as the macOS/Linux one.
The slow test runs the macOS/Linux block literally with bash in a temporary copy of the
repository (a fresh venv, every pinned package installed by pip: several minutes), then
checks that drawdot draws and JupyterLab runs. It runs with `make test-no-make` (and in
.ci/run), which sets RUN_NO_MAKE=1; a plain `make test` skips it.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("readme_commands", ROOT / "scripts" / "readme_commands.py")
readme_commands = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readme_commands)
readme_blocks = readme_commands.readme_blocks
LAST = readme_commands.LAST


def _as_posix(command):
    """The Windows command that does what a macOS/Linux command does."""
    command = command.replace(".venv\\Scripts\\activate", "source .venv/bin/activate")
    command = command.replace("copy .venv\\Scripts\\graphviz-pure.exe .venv\\Scripts\\dot.exe",
                              "ln -s graphviz-pure .venv/bin/dot")
    return re.sub(r"^python -m venv", "python3 -m venv", command)


def test_the_readme_has_a_windows_and_a_posix_block():
    blocks = readme_blocks()
    assert set(blocks) == {"powershell", "bash"}
    assert blocks["bash"][-1] == LAST


def test_windows_and_posix_commands_say_the_same():
    blocks = readme_blocks()
    assert [_as_posix(c) for c in blocks["powershell"]] == blocks["bash"]


def test_the_commands_install_the_lock_and_the_package():
    commands = readme_blocks()["bash"]
    assert "python -m pip install -r requirements.lock" in commands
    assert "python -m pip install --no-deps -e ." in commands


CHECK_DRAWDOT = """
import pathlib, sys
import micrograd
from micrograd import Value, drawdot
here = pathlib.Path.cwd().resolve()
assert pathlib.Path(micrograd.__file__).resolve().is_relative_to(here), micrograd.__file__
a, b = Value(2.0, label="a"), Value(-3.0, label="b")
L = (a * b + 10.0).tanh()
L.backward()
svg = drawdot(L).pipe(format="svg").decode()
assert "<svg" in svg and "grad" in svg, svg[:300]
print("drawdot ok:", sys.prefix)
"""


def _copy_repository(dest):
    ignore = shutil.ignore_patterns(".git", ".venv", ".venv-*", "node_modules", "build", "__pycache__",
                                    "*.egg-info", ".pytest_cache", ".hypothesis", ".ruff_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)


def _learner_env():
    """This environment as a learner's shell would have it: no active venv, no .venv/bin on PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    ours = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p and p != ours)
    # This project's build machine caps torch below the lock's pin in a system-wide pip config
    # (constraint file); a learner's pip has no such cap. Its extra indexes and wheels stay in use.
    env["PIP_CONSTRAINT"] = os.devnull
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


@pytest.mark.skipif(os.environ.get("RUN_NO_MAKE") != "1",
                    reason="slow (a fresh venv): run with make test-no-make, as .ci/run does")
def test_readme_commands_run_literally():
    commands = readme_blocks()["bash"]
    assert commands[-1] == LAST
    env = _learner_env()
    with tempfile.TemporaryDirectory(prefix="no-make-") as tmp:
        repo = Path(tmp) / "micrograd-step-by-step"
        _copy_repository(repo)
        script = "\n".join([
            "set -euo pipefail",
            *commands[:-1],  # all but `jupyter lab notebooks`, which would start a server
            'test "$(command -v python)" = "$(pwd)/.venv/bin/python"',
            'test "$(command -v dot)" = "$(pwd)/.venv/bin/dot"',
            f"python -c '{CHECK_DRAWDOT}'",
            "jupyter lab --version",
        ])
        result = subprocess.run(["bash", "-c", script], cwd=repo, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert result.returncode == 0, result.stdout[-4000:]
        assert "drawdot ok: " + str(repo / ".venv") in result.stdout, result.stdout[-2000:]
