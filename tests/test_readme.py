"""The README's examples are real: every ```console block is run and must match.

`make readme` (python -m tests.test_readme) rewrites the blocks from the current program; this
test fails when the README and the program disagree, so the docs cannot drift.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

from inspectcal.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"
BLOCK = re.compile(r"```console\n(?P<body>.*?)```", re.DOTALL)


def run_block(body: str) -> str:
    """Re-run each `$ inspectcal ...` line of a block and rebuild the block from the results."""
    runner = CliRunner()
    out: list[str] = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        argv = shlex.split(line[2:])
        assert argv[0] == "inspectcal", f"README console blocks run inspectcal only: {line}"
        # Commands pipe into `head -n N` or `tail -n N` to keep long output short.
        keep = None
        if "|" in argv:
            pipe = argv.index("|")
            assert argv[pipe + 1] in ("head", "tail") and argv[pipe + 2] == "-n", line
            keep = (argv[pipe + 1], int(argv[pipe + 3]))
            argv = argv[:pipe]
        cwd = os.getcwd()
        os.chdir(README.parent)
        try:
            result = runner.invoke(app, argv[1:])
        finally:
            os.chdir(cwd)
        text = result.stdout + result.stderr
        lines = [row.rstrip() for row in text.splitlines()]
        if keep is not None:
            lines = lines[: keep[1]] if keep[0] == "head" else lines[-keep[1] :]
        out.append(line)
        out.extend(lines)
    return "\n".join(out) + "\n"


def regenerate(text: str) -> str:
    return BLOCK.sub(lambda m: "```console\n" + run_block(m.group("body")) + "```", text)


def test_readme_examples_match_the_program() -> None:
    text = README.read_text(encoding="utf-8")
    assert BLOCK.search(text), "the README has no console examples"
    fresh = regenerate(text)
    if fresh != text:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True), fresh.splitlines(keepends=True), n=1
            )
        )
        raise AssertionError(f"README examples are stale; run `make readme`:\n{diff[:4000]}")


if __name__ == "__main__":
    from inspectcal.files import write_atomic

    write_atomic(README, regenerate(README.read_text(encoding="utf-8")))
    sys.exit(0)
