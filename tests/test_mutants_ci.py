"""The suite fails where it matters: in CI a missing Chromium fails the browser tests."""

import pytest

from tests.browser import conftest as browser


def test_missing_chromium_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="en CI"):
        browser.chromium_missing()


def test_missing_chromium_skips_on_a_developer_machine(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        browser.chromium_missing()


def test_ci_script_sets_ci_and_installs_from_the_lock_file():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    assert "export CI=true" in (root / ".ci" / "run").read_text()
    makefile = (root / "Makefile").read_text()
    assert "pip install --quiet -r requirements.lock" in makefile
    assert "--no-deps -e" in makefile
    lines = [
        line
        for line in (root / "requirements.lock").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert lines and all("==" in line and "@" not in line for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"django", "weasyprint", "pytest", "django-axes", "psycopg"} <= names
