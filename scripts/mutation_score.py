"""Print the mutation score of `make mutation`, counting the survivors judged equivalent apart.

    python scripts/mutation_score.py [--minimum 97]

Reads `mutmut results --all true` (run after `mutmut run`) and tests/equivalent_mutants.txt, where
each line names a surviving mutant that no test can kill because it behaves exactly like the
original, with the reason after a `#`. Prints killed / total, the score over the non-equivalent
mutants, and the diff of every other survivor; exits 1 when that score is below --minimum.
"""

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "tests" / "equivalent_mutants.txt"
MUTMUT = Path(sys.executable).parent / "mutmut"


def mutmut(*args):
    return subprocess.run([str(MUTMUT), *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def equivalent_mutants():
    names = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            names[name.strip()] = reason.strip()
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minimum", type=float, default=97.0, help="lowest acceptable score, in percent")
    args = parser.parse_args()
    status = {}
    for line in mutmut("results", "--all", "true").splitlines():
        name, _, result = line.strip().rpartition(": ")
        if name:
            status[name] = result
    if not status:
        sys.exit("no mutation results: run `make mutation` (mutmut run) first")
    killed = sum(1 for s in status.values() if s == "killed")
    survivors = sorted(n for n, s in status.items() if s != "killed")
    judged = equivalent_mutants()
    equivalent = [n for n in survivors if n in judged]
    others = [n for n in survivors if n not in judged]
    stale = sorted(set(judged) - set(survivors))
    score = 100.0 * killed / (len(status) - len(equivalent))
    print(f"mutants: {len(status)}; killed by tests/: {killed} ({100.0 * killed / len(status):.1f}%)")
    print(f"survivors judged equivalent (tests/equivalent_mutants.txt): {len(equivalent)}")
    print(f"score over the non-equivalent mutants: {killed}/{len(status) - len(equivalent)} = {score:.1f}%")
    for name in others:
        print(f"\nsurvived ({status[name]}): {name}")
        print("\n".join(line for line in mutmut("show", name).splitlines() if line[:1] in "+-"))
    if stale:
        print("\nlisted as equivalent but no longer surviving (drop them from the list): " + ", ".join(stale))
    if score < args.minimum:
        print(f"\nFAIL: below {args.minimum}%")
        sys.exit(1)


if __name__ == "__main__":
    main()
