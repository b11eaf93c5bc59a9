"""User timetables: `frameworks new`, lookup by name, listing, and shipped-name shadowing."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspectcal.cli import app
from inspectcal.frameworks import TIMETABLE_DIR, load_framework
from inspectcal.lint import lint_file
from inspectcal.plan import make_plan
from inspectcal.usertimetables import SHARED_IDS, default_dir

runner = CliRunner()


def test_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_dir() == tmp_path / "inspectcal" / "timetables"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setattr("sys.platform", "linux")
    assert default_dir() == Path.home() / ".config" / "inspectcal" / "timetables"


@pytest.mark.parametrize("source", ["jtai-2016", "cp-2012", "slac-2009", "slac-2010"])
def test_new_file_lints_clean_and_plans_the_shared_steps_like_its_source(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTCAL_TIMETABLES", str(tmp_path))
    result = runner.invoke(app, ["frameworks", "new", "my-council", "--from", source])
    written = tmp_path / "my-council.toml"
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"wrote {written}; edit it, then: inspectcal frameworks lint {written}\n"
    )
    text = written.read_text(encoding="utf-8")
    assert text.startswith("#:schema ")
    assert "# The conventions " in text
    assert lint_file(written) == []
    mine = load_framework("my-council")  # found by name in INSPECTCAL_TIMETABLES
    original = load_framework(source)
    assert mine.path == written
    assert mine.ids == [i for i in original.ids if i in SHARED_IDS]
    ours = make_plan(framework="my-council", notify=date(2016, 9, 13))
    theirs = make_plan(framework=source, notify=date(2016, 9, 13))
    for milestone in ours.milestones:
        assert milestone.date == theirs.milestone(milestone.id).date, milestone.id


def test_new_refuses_to_overwrite_and_checks_the_name(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# the user's work\n", encoding="utf-8")
    result = runner.invoke(app, ["frameworks", "new", "mine", "--from", "jtai", "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"inspectcal: error: {target} already exists; choose another name or -o path\n"
    )
    assert target.read_text(encoding="utf-8") == "# the user's work\n"
    result = runner.invoke(app, ["frameworks", "new", "My Council", "--from", "jtai"])
    assert result.exit_code == 2
    assert result.stderr == (
        "inspectcal: error: 'My Council' is not a timetable name: use lower-case words "
        "joined by -\n"
    )


def test_new_goes_to_the_user_config_folder_by_default() -> None:
    result = runner.invoke(app, ["frameworks", "new", "mine", "--from", "slac"])
    assert result.exit_code == 0
    assert (default_dir() / "mine.toml").is_file()


def test_found_in_a_later_folder_of_the_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    monkeypatch.setenv("INSPECTCAL_TIMETABLES", f"{first}{os.pathsep}{second}")
    runner.invoke(
        app, ["frameworks", "new", "ours", "--from", "jtai", "-o", str(second / "ours.toml")]
    )
    assert load_framework("ours").path == second / "ours.toml"
    listed = runner.invoke(app, ["frameworks", "--format", "json"])
    rows = json.loads(listed.stdout)
    assert [r["from"] for r in rows if r["id"] == "ours"] == [f"INSPECTCAL_TIMETABLES {second}"]
    assert {r["from"] for r in rows if r["id"] != "ours"} == {"shipped"}


def test_a_user_file_never_silently_shadows_a_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTCAL_TIMETABLES", str(tmp_path))
    mine = tmp_path / "jtai-2016.toml"
    runner.invoke(app, ["frameworks", "new", "jtai-copy", "--from", "slac", "-o", str(mine)])
    shipped = TIMETABLE_DIR / "jtai-2016.toml"
    warning = (
        f"inspectcal: warning: {mine} has the name of the shipped timetable 'jtai-2016' "
        f"({shipped}), which wins; rename your file to use it\n"
    )
    result = runner.invoke(app, ["plan", "-f", "jtai-2016", "-n", "2016-09-13"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Joint targeted area inspection")  # the shipped one
    assert result.stderr == warning
    listed = runner.invoke(app, ["frameworks", "--format", "json"])
    assert listed.stderr == warning
    assert [r["from"] for r in json.loads(listed.stdout)] == ["shipped"] * 4


def test_a_broken_user_timetable_is_named_and_the_rest_still_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "half-edited.toml").write_text("x = \n", encoding="utf-8")
    monkeypatch.setenv("INSPECTCAL_TIMETABLES", str(tmp_path))
    result = runner.invoke(app, ["frameworks", "--format", "json"])
    assert result.exit_code == 0
    shipped = sorted(p.stem for p in TIMETABLE_DIR.glob("*.toml"))
    assert sorted(fw["id"] for fw in json.loads(result.stdout)) == shipped
    assert result.stderr == (
        f"inspectcal: warning: {tmp_path / 'half-edited.toml'}, line 1: not valid TOML (Invalid "
        "value (at line 1, column 5)); left out of the list (`inspectcal frameworks lint` finds "
        "it all)\n"
    )
