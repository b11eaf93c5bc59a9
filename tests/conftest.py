"""Every test runs with empty user timetable folders, whatever the machine has configured."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_user_timetables(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("INSPECTCAL_TIMETABLES", raising=False)
