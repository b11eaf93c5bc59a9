"""Every file a programme command reads is safe from its own `-o`.

A programme names further files in its rows (a closures file, a `.toml` timetable, both
relative to the programme's folder); writing the output over any of them would destroy an
input of the very run that read it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.programme import load_programme

EXAMPLES = Path(__file__).parent.parent / "examples"
runner = CliRunner()


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A two-row programme whose second row brings its own timetable and closures."""
    shutil.copy(EXAMPLES / "my-council-jtai.toml", tmp_path / "council.toml")
    (tmp_path / "closures.txt").write_text("2016-12-28..2016-12-30 Council shutdown\n")
    (tmp_path / "run-closures.txt").write_text("2017-04-18 Training day\n")
    (tmp_path / "holidays.json").write_bytes(
        (Path(__file__).parent / "fixtures" / "holidays" / "bank-holidays.json").read_bytes()
    )
    (tmp_path / "actuals.csv").write_text("inspection,id,date\nA,draft-report,2016-10-17\n")
    path = tmp_path / "programme.csv"
    path.write_text(
        "name,framework,notify,closures,people\n"
        "A,jtai,2016-09-13,,lead:Ann Smith\n"
        "B,council.toml,2016-11-15,closures.txt,lead:Bo Jones\n"
    )
    return path


def test_the_programme_lists_every_file_it_was_read_from(programme: Path) -> None:
    folder = programme.parent
    loaded = load_programme(programme, closures=folder / "run-closures.txt")
    assert loaded.input_paths() == (
        programme,
        folder / "run-closures.txt",
        folder / "closures.txt",
        folder / "council.toml",
    )


@pytest.mark.parametrize(
    "target", ["programme.csv", "closures.txt", "council.toml", "run-closures.txt"]
)
@pytest.mark.parametrize(
    "command",
    [
        ["plan"],
        ["agenda", "--from", "2016-09-13"],
        ["clashes"],
        ["check", "--today", "2017-03-01", "--actuals", "{actuals}"],
    ],
)
def test_no_input_of_a_programme_run_is_overwritten(
    programme: Path, command: list[str], target: str
) -> None:
    folder = programme.parent
    args = [arg.replace("{actuals}", str(folder / "actuals.csv")) for arg in command]
    before = (folder / target).read_bytes()
    result = runner.invoke(
        app,
        [
            *args,
            *("-i", str(programme), "--closures", str(folder / "run-closures.txt")),
            *("-o", str(folder / target)),
        ],
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"inspectcal: error: refusing to overwrite the input file {folder / target}; "
        "choose another -o path\n",
    )
    assert (folder / target).read_bytes() == before


@pytest.mark.parametrize(
    ("command", "option", "target"),
    [
        (["check", "--today", "2017-03-01"], "--actuals", "actuals.csv"),
        (["plan"], "--holidays-file", "holidays.json"),
    ],
)
def test_the_actuals_and_holidays_files_are_inputs_too(
    programme: Path, command: list[str], option: str, target: str
) -> None:
    folder = programme.parent
    args = [*command, "-i", str(programme), option, str(folder / target)]
    assert runner.invoke(app, args).exit_code in (0, 1)  # a real run: 1 is a missed deadline
    before = (folder / target).read_bytes()
    result = runner.invoke(app, [*args, "-o", str(folder / target)])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"inspectcal: error: refusing to overwrite the input file {folder / target}; "
        "choose another -o path\n",
    )
    assert (folder / target).read_bytes() == before
