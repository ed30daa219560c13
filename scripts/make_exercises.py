"""Make the exercise notebooks from the solution notebooks, so the two cannot drift apart.

    python scripts/make_exercises.py            # write notebooks/exercises/*, run them and the solutions
    python scripts/make_exercises.py --no-run   # write the exercise notebooks' cells only

notebooks/solutions/NN_name.ipynb is the source. A cell whose metadata holds a "stub" (every
code cell tagged `solution`, and the title) shows that stub in notebooks/exercises/NN_name.ipynb
instead; its `solution` tag becomes `exercise`. Every other cell is copied as it is. Then both
notebooks are executed (scripts/refresh_notebooks.py), so their stored outputs are fresh:
`correct` under each check in the solutions, `not yet` (or, for a find-the-bug exercise, the
`wrong` the bug causes) in the exercises. Used by `make exercises`; tests/test_exercises.py
checks that the committed exercise notebooks are what this script makes.
"""

import copy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "notebooks" / "solutions"
EXERCISES = ROOT / "notebooks" / "exercises"


def exercise_notebook(solution):
    """The exercise version of a solution notebook (a new notebook; outputs cleared)."""
    nb = copy.deepcopy(solution)
    for cell in nb.cells:
        stub = cell.metadata.pop("stub", None)
        if stub is not None:
            cell.source = stub
        tags = cell.metadata.get("tags")
        if tags:
            cell.metadata["tags"] = ["exercise" if t == "solution" else t for t in tags]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


def main(args):
    run = "--no-run" not in args
    if run:
        sys.path.insert(0, str(ROOT / "scripts"))
        from refresh_notebooks import refresh
    EXERCISES.mkdir(exist_ok=True)
    for path in sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb")):
        target = EXERCISES / path.name
        nbformat.write(exercise_notebook(nbformat.read(path, as_version=4)), target)
        if run:
            refresh(str(path))
            refresh(str(target))
        print(f"{target.relative_to(ROOT)}: made from {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
