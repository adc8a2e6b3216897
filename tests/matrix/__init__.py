"""The role × URL matrix: every URL of the portal, every persona, the expected answer.

Each app (or area of an app) lists its rows in ``tests/matrix/<name>.py`` as ``ROWS``;
``tests/test_permission_matrix.py`` runs them all, and fails when a URL pattern has no row.

Expected answers: 200 allowed, 403 missing right, 404 outside scope, ``LOGIN`` redirect to the
sign-in page, ``REDIRECT`` any other redirect (e.g. the home page sending a user to their home).
Personas not named in ``expect`` get ``default``; ``anonymous`` gets ``LOGIN`` unless named.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

LOGIN = "login"
REDIRECT = "redirect"


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict = field(default_factory=dict)
    default: object = 403
    kwargs: Callable = lambda w: {}
    method: str = "get"
    data: Callable = lambda w: {}
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or f"{self.method.upper()} {self.url_name}"


# What a GET may write: the audit of the read itself (and the alert it can raise), the session,
# the sign-in throttles. Anything else written by a GET is a fault (SECURITY.md, safe defaults).
GET_MAY_WRITE = {
    "directory.auditevent",
    "directory.auditanchor",
    "directory.ratelimitbucket",
    "axes.accesslog",
    "sessions.session",
}


def row_counts() -> dict[str, int]:
    """Rows per model, but what a GET may write; of the notifications, all but the unusual-access
    alert (which many reads in a row rightly raise)."""
    from django.apps import apps

    counts = {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in GET_MAY_WRITE
    }
    notifications = apps.get_model("directory", "Notification").objects
    counts["directory.notification"] = notifications.exclude(event="audit.alert").count()
    return counts


def allowed(*personas: str, status: object = 200) -> dict:
    return dict.fromkeys(personas, status)


def _rows():
    """Every module of this package contributes its ``ROWS`` (one file per app or area)."""
    import importlib
    import pkgutil

    rows = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        rows += importlib.import_module(f"{__name__}.{info.name}").ROWS
    return rows


ALL_ROWS = _rows()
