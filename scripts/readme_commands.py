"""Print the commands of the README's "Without make (Windows)" section, one per line.

    python scripts/readme_commands.py bash|powershell [--all]

The set-up commands of one code block (bash: macOS/Linux, powershell: Windows), without the last
one, `jupyter lab notebooks`, which would start a server (--all keeps it). Used by
tests/test_no_make.py and by the GitHub workflow's Windows job, so both run what the README says.
Standard library only: it runs before anything is installed.
"""

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SECTION = "## Without make (Windows)"
LAST = "jupyter lab notebooks"


def readme_blocks(readme=README):
    """The section's code blocks as {language: [command, ...]}."""
    text = Path(readme).read_text(encoding="utf-8")
    if SECTION not in text:
        raise ValueError(f"{readme} has no section {SECTION!r}")
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S)
    return {lang: [line.strip() for line in body.splitlines() if line.strip()] for lang, body in blocks}


def main(args):
    if not args or args[0] not in ("bash", "powershell"):
        sys.exit("usage: readme_commands.py bash|powershell [--all]")
    commands = readme_blocks()[args[0]]
    if commands[-1] != LAST:
        sys.exit(f"the README's {args[0]} block should end with {LAST!r}, not {commands[-1]!r}")
    print("\n".join(commands if "--all" in args else commands[:-1]))


if __name__ == "__main__":
    main(sys.argv[1:])
