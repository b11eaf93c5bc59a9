"""Formats per command: each command renders what it declares and refuses the rest with its own
list, never another command's and never by falling back to JSON."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.frameworks import load_framework

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "formats"),
    [
        (["plan", "-f", "jtai", "--notify", "2016-09-13"], "table, json, csv, html"),
        (["frameworks"], "table, json, csv"),
        (["frameworks", "show", "jtai"], "table, json, csv"),
        (["holidays", "2016"], "table, json, csv"),
        (["check", "-f", "jtai", "--notify", "2016-09-13", "--today", "2016-09-14"],
         "table, json, csv"),
    ],
)  # fmt: skip
def test_an_unknown_format_is_refused_with_the_commands_own_list(
    args: list[str], formats: str
) -> None:
    result = runner.invoke(app, [*args, "--format", "xml"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"inspectcal: error: unknown format 'xml'; choose one of: {formats}\n",
    )


def test_frameworks_csv_is_csv_not_json() -> None:
    result = runner.invoke(app, ["frameworks", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    jtai = next(row for row in rows if row["id"] == "jtai-2016")
    assert jtai["aliases"] == "jtai"
    assert jtai["milestones"] == str(len(load_framework("jtai").milestones))


def test_frameworks_show_csv_has_one_row_a_step() -> None:
    result = runner.invoke(app, ["frameworks", "show", "jtai", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    framework = load_framework("jtai")
    assert [row["id"] for row in rows] == framework.ids
    draft = next(row for row in rows if row["id"] == "draft-report")
    assert (draft["time"], draft["time_label"]) == ("12:00", "by midday")


@pytest.mark.parametrize(
    ("command", "formats"),
    [
        ("plan", "table, json, csv"),
        ("agenda", "table, json, csv, ics"),
        ("clashes", "table, json, csv"),
        ("check", "table, json, csv"),
    ],
)
def test_programme_commands_refuse_with_their_own_list(command: str, formats: str) -> None:
    programme = str(Path(__file__).parent.parent / "examples" / "programme.csv")
    result = runner.invoke(app, [command, "-i", programme, "--format", "html"])
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"inspectcal: error: unknown format 'html'; choose one of: {formats}\n",
    )
