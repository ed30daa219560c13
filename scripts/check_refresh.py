"""Check that `make refresh` would change no byte of the stored notebooks.

    python scripts/check_refresh.py [NOTEBOOK.ipynb ...]   (default: every notebook under notebooks/)

Used by `make check-refresh` and CI. Copies each notebook's folder to a temporary folder, re-records
every notebook there exactly as `make refresh` does, and compares the bytes with the stored
file. For each notebook that differs it prints nbdime's cell-by-cell diff and fails: either
the notebook was saved by hand (re-record it with `make refresh`) or something in it is not
deterministic (an unseeded random draw, a time, a memory address: fix the notebook).
"""

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from refresh_notebooks import refresh  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main(paths):
    paths = [Path(p).resolve() for p in paths] or sorted(
        p for p in (ROOT / "notebooks").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    changed = []
    with tempfile.TemporaryDirectory(prefix="check-refresh-") as tmp:
        for path in paths:
            copy_dir = Path(tmp) / path.parent.name
            if not copy_dir.exists():
                shutil.copytree(path.parent, copy_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
            copy = copy_dir / path.name
            start = time.perf_counter()
            refresh(copy)
            same = copy.read_bytes() == path.read_bytes()
            print(f"{path.name}: {'unchanged' if same else 'CHANGED'} ({time.perf_counter() - start:.1f} s)",
                  flush=True)
            if not same:
                changed.append(path.name)
                nbdiff = Path(sys.executable).parent / "nbdiff"
                subprocess.run([str(nbdiff), "--no-color", str(path), str(copy)], check=False)
    if changed:
        sys.exit(f"make refresh would change {len(changed)} notebook(s): {', '.join(changed)}. "
                 "See CONTRIBUTING.md, 'The checks, and what to do when one fails'.")
    print(f"make refresh changes no byte of {len(paths)} notebook(s).")


if __name__ == "__main__":
    main(sys.argv[1:])
