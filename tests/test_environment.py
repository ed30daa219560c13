"""environment.yml (for conda users) lists the same packages as pyproject.toml.

A package added to pyproject.toml but not to environment.yml (or the other way round) fails here.
Names that differ on conda-forge are mapped by CONDA_NAME below. The files are read with tomllib
(tomli, pytest's own dependency, on Python 3.10) and PyYAML.
"""

import re
import sys
from pathlib import Path

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

# pyproject.toml name -> conda-forge name, where they differ.
CONDA_NAME = {
    "graphviz": "python-graphviz",        # the Python bindings; conda-forge's "graphviz" is the program
    "matplotlib": "matplotlib-base",      # matplotlib without a GUI toolkit
    "playwright": "playwright-python",
    "torch": "pytorch",
}
# In pyproject.toml only: graphviz-pure puts a `dot` in .venv/bin, and conda users get the real
# Graphviz from the conda-forge "graphviz" package instead.
PIP_ONLY = {"graphviz-pure"}
# In environment.yml only: the interpreter, Graphviz itself, and pip (to install this package).
CONDA_ONLY = {"python", "graphviz", "pip"}

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def split_requirement(text):
    """'graphviz>=0.20' -> ('graphviz', '>=0.20'), with the name normalized (lower case, '-')."""
    name, spec = REQUIREMENT.match(text).groups()
    return re.sub(r"[._-]+", "-", name).lower(), spec.replace(" ", "")


def read_pyproject(text):
    """What these tests need from pyproject.toml: requires-python, the dependencies, the dev extra."""
    project = tomllib.loads(text)["project"]
    return {
        "requires-python": project["requires-python"],
        "dependencies": project["dependencies"],
        "dev": project["optional-dependencies"]["dev"],
    }


def read_environment(text):
    return yaml.safe_load(text)


# --------------------------------------------------------------------------- the comparison

PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
ENVIRONMENT = (ROOT / "environment.yml").read_text(encoding="utf-8")


def conda_packages(environment_text):
    """{conda name: version spec} of environment.yml's conda packages (not its pip section)."""
    deps = read_environment(environment_text)["dependencies"]
    return dict(split_requirement(d) for d in deps if isinstance(d, str))


def pyproject_packages(pyproject_text):
    """{name: version spec} of [project] dependencies and the dev extra."""
    project = read_pyproject(pyproject_text)
    return dict(split_requirement(r) for r in project["dependencies"] + project["dev"])


def differences(pyproject_text, environment_text):
    """What is wrong, as {problem: [packages]}; empty when the two files agree."""
    conda = conda_packages(environment_text)
    wanted = {CONDA_NAME.get(name, name): spec
              for name, spec in pyproject_packages(pyproject_text).items() if name not in PIP_ONLY}
    problems = {
        "missing from environment.yml": sorted(set(wanted) - set(conda)),
        "in environment.yml only": sorted(set(conda) - set(wanted) - CONDA_ONLY),
        "different version bounds": sorted(n for n in set(wanted) & set(conda) if wanted[n] != conda[n]),
    }
    return {problem: names for problem, names in problems.items() if names}


# --------------------------------------------------------------------------- the tests

def test_environment_yml_matches_pyproject():
    assert differences(PYPROJECT, ENVIRONMENT) == {}


def test_a_package_added_to_pyproject_only_is_noticed():
    pyproject = PYPROJECT.replace('"pytest>=8",', '"pytest>=8",\n    "sympy>=1.12",')
    assert differences(pyproject, ENVIRONMENT) == {"missing from environment.yml": ["sympy"]}


def test_a_package_left_in_environment_yml_only_is_noticed():
    environment = ENVIRONMENT.replace("  - ruff>=0.6\n", "  - ruff>=0.6\n  - sympy>=1.12\n")
    assert differences(PYPROJECT, environment) == {"in environment.yml only": ["sympy"]}


def test_a_changed_version_bound_is_noticed():
    environment = ENVIRONMENT.replace("python-graphviz>=0.20", "python-graphviz>=0.19")
    assert differences(PYPROJECT, environment) == {"different version bounds": ["python-graphviz"]}


def test_python_version_and_graphviz():
    conda = conda_packages(ENVIRONMENT)
    assert conda["python"] == read_pyproject(PYPROJECT)["requires-python"] == ">=3.10"
    assert "graphviz" in conda and "python-graphviz" in conda
    assert "graphviz-pure" not in conda


def test_conda_forge_and_the_package_itself():
    env = read_environment(ENVIRONMENT)
    assert env["channels"] == ["conda-forge"]
    assert {"pip": ["-e ."]} in env["dependencies"]


def test_every_mapped_name_is_still_in_pyproject():
    names = pyproject_packages(PYPROJECT)
    for pip_name in list(CONDA_NAME) + list(PIP_ONLY):
        assert pip_name in names, f"{pip_name} is no longer in pyproject.toml: drop it here"
