"""Keeps the notebook series whole: README table, lecture links, execution order."""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LECTURE_LINK = re.compile(r"\[lecture \d\d:\d\d:\d\d\]\(https://www\.youtube\.com/watch\?v=VMj-3S1tku0&t=(\d+)s\)")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _readme_notebooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"\((notebooks/[0-9][0-9]_[\w]+\.ipynb)\)", readme)


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 9, [p.name for p in NOTEBOOKS]


def test_readme_table_and_notebooks_match():
    listed = set(_readme_notebooks())
    present = {f"notebooks/{p.name}" for p in NOTEBOOKS}
    assert listed - present == set(), "README lists notebooks that do not exist"
    assert present - listed == set(), "notebooks missing from the README table"


BEYOND = "## Beyond the lecture"


def _markdown_lines(path):
    for cell in _load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            yield from "".join(cell["source"]).splitlines()


def test_every_section_heading_links_the_lecture_or_says_it_goes_beyond():
    for path in NOTEBOOKS:
        for line in _markdown_lines(path):
            if line.startswith("## "):
                assert LECTURE_LINK.search(line) or line.startswith(BEYOND), (
                    f"{path.name}: heading neither links the lecture nor starts with {BEYOND!r}: {line}")


def test_beyond_the_lecture_sections_close_the_notebook():
    # The lecture's part first, in video order; what goes further comes after it, never in between.
    for path in NOTEBOOKS:
        headings = [line for line in _markdown_lines(path) if line.startswith("## ")]
        beyond = [h.startswith(BEYOND) for h in headings]
        if any(beyond):
            first = beyond.index(True)
            assert all(beyond[first:]), f"{path.name}: a lecture section follows {headings[first]!r}"
            assert not any(LECTURE_LINK.search(h) for h in headings[first:]), path.name


def test_lecture_links_come_in_time_order():
    for path in NOTEBOOKS:
        seconds = [int(s) for line in _markdown_lines(path) for s in LECTURE_LINK.findall(line)]
        assert seconds == sorted(seconds), f"{path.name}: lecture links out of video order: {seconds}"


def test_lecture_links_use_the_chapter_seconds():
    chapters = {0, 25, 488, 852, 1149, 1930, 3070, 3172, 4142, 4652, 4948, 5225, 5971, 6235,
                6664, 7076, 7272, 8043, 8206, 8470, 8679, 8720}
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        for seconds in LECTURE_LINK.findall(text):
            assert int(seconds) in chapters, f"{path.name}: t={seconds}s is not a chapter start"
        for stamp, seconds in re.findall(r"lecture (\d\d:\d\d:\d\d)\]\([^)]*&t=(\d+)s", text):
            h, m, s = map(int, stamp.split(":"))
            assert h * 3600 + m * 60 + s == int(seconds), f"{path.name}: {stamp} links to t={seconds}s"


def test_execution_counts_run_in_order():
    for path in NOTEBOOKS:
        counts = [c.get("execution_count") for c in _load(path)["cells"]
                  if c["cell_type"] == "code" and "".join(c["source"]).strip()]
        assert counts == list(range(1, len(counts) + 1)), f"{path.name}: {counts}"


def test_notebooks_start_with_a_title():
    for path in NOTEBOOKS:
        first = "".join(_load(path)["cells"][0]["source"])
        assert first.startswith(f"# {path.name[:2]} · "), f"{path.name}: first cell is not its title"


def _code(path):
    return "\n".join("".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "code")


def test_notebooks_02_and_03_use_the_learners_own_value():
    # The learner writes Value in 02 and 03; only drawdot may come from the package there.
    package_value = re.compile(r"from micrograd(\.engine)? import [^\n]*\bValue\b|micrograd\.Value\b")
    for path in NOTEBOOKS:
        if path.name[:2] in ("02", "03"):
            code = _code(path)
            assert "class Value" in code, f"{path.name}: the learner's Value class is missing"
            assert not package_value.search(code), f"{path.name}: imports the package's Value"


def test_every_lesson_ends_with_its_exercises_and_solutions():
    for path in NOTEBOOKS:
        if path.name.startswith("00"):
            continue
        last = "".join(_load(path)["cells"][-1]["source"])
        for folder in ("exercises", "solutions"):
            link = f"({folder}/{path.name})"
            assert link in last, f"{path.name}: the last cell does not link {folder}/{path.name}"
