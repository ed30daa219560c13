"""The exercise notebooks are made from the solution notebooks (scripts/make_exercises.py) and
must not drift from them: same cells, with each solution replaced by its starting code.

Their stored outputs are compared with a fresh run by nbval, like every other notebook.
"""

import importlib.util
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").glob("[0-9][0-9]_*.ipynb"))
LESSONS = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}

spec = importlib.util.spec_from_file_location("make_exercises", ROOT / "scripts" / "make_exercises.py")
make_exercises = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_exercises)


def _read(path):
    return nbformat.read(path, as_version=4)


def _shape(nb):
    return [(c.cell_type, c.source, c.metadata.get("tags", [])) for c in nb.cells]


def test_one_solution_notebook_per_lesson_and_the_lecture_set():
    names = {p.stem for p in SOLUTIONS}
    assert {n for n in LESSONS if "01" <= n[:2] <= "08"} <= names
    assert "09_lecture_exercises" in names
    exercises = {p.stem for p in (ROOT / "notebooks" / "exercises").glob("*.ipynb")}
    assert exercises == names


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_exercise_notebook_is_made_from_the_solutions(path):
    committed = _read(ROOT / "notebooks" / "exercises" / path.name)
    made = make_exercises.exercise_notebook(_read(path))
    assert _shape(committed) == _shape(made), "run `make exercises` and commit the result"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_each_exercise_is_task_starting_code_check(path):
    cells = _read(path).cells
    solutions = [i for i, c in enumerate(cells) if "solution" in c.metadata.get("tags", [])]
    assert 3 <= len(solutions) <= 6, f"{path.name}: {len(solutions)} exercises"
    for i in solutions:
        cell = cells[i]
        assert cell.cell_type == "code"
        where = f"{path.name} cell {i}"
        assert cell.metadata.get("stub") and cell.metadata["stub"] != cell.source, f"{where}: no stub"
        assert cells[i - 1].cell_type == "markdown" and cells[i - 1].source.startswith("## Exercise")
        after = cells[i + 1]
        assert after.cell_type == "code" and after.source.startswith("check."), f"{where}: no check after it"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_stored_check_lines(path):
    """Solutions store `correct` under every check; exercises `not yet` (or the bug's `wrong`)."""
    exercise = _read(ROOT / "notebooks" / "exercises" / path.name)
    for nb, allowed in [(_read(path), ("correct",)), (exercise, ("not yet: ", "wrong: "))]:
        checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("check.")]
        for cell in checks:
            text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert text.count("\n") == 1 and text.startswith(allowed), f"{path.name}: {cell.source}: {text!r}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_exercise_notebook_links_its_lesson_and_solutions(path):
    first = _read(ROOT / "notebooks" / "exercises" / path.name).cells[0].source
    assert f"](../solutions/{path.name})" in first
    if path.stem in LESSONS:
        assert f"](../{path.name})" in first


def test_readme_lists_every_exercise_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in SOLUTIONS:
        assert f"(notebooks/exercises/{path.name})" in readme, f"README does not list exercises/{path.name}"
