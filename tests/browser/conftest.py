"""Browser tests drive Debian's Chromium through Playwright (no browser download)."""

import contextlib
import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def in_ci() -> bool:
    """CI (``.ci/run`` exports CI=true, as GitHub and GitLab do) must run every browser test."""
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


def chromium_missing() -> None:
    """Skip on a developer's machine without Chromium; fail in CI, where a skip would hide it."""
    message = "Chromium (paquet Debian chromium) absent"
    if in_ci():
        pytest.fail(f"{message} : en CI, les tests navigateur doivent tourner.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        chromium_missing()
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


_WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth, location.pathname]"
_ON_LOAD = (
    "window.addEventListener('load', () => window.hzWidth && window.hzWidth("
    "document.documentElement.scrollWidth, window.innerWidth, location.pathname));"
)


@pytest.fixture
def page(page):
    """pytest-playwright's page, checked on every page a journey visits: it never scrolls
    sideways (the document is never wider than the viewport)."""
    too_wide: list[str] = []

    def check(width, viewport, path):
        if viewport and width > viewport:
            too_wide.append(f"{path} : {width} px pour {viewport} px")

    page.expose_function("hzWidth", check)
    page.add_init_script(_ON_LOAD)
    yield page
    with contextlib.suppress(Exception):  # the page may be closed, or be a PDF
        check(*page.evaluate(_WIDTH))
    assert too_wide == [], "page plus large que l'écran"
