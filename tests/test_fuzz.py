"""Issue 8 item 9: no 500 on odd input, on SQLite and on PostgreSQL (the suite runs on both).

Three walks, each picking up what is added later by itself:

- every URL pattern of the portal (the resolver, admin included) with odd values in each of its
  arguments, as the admin, an inspector, a director and an anonymous visitor;
- every page of the role × URL matrix (every URL has a row) with odd values in every query
  parameter the code reads (``GET.get("…")`` and the like, found in the sources);
- every form on those pages (parsed from the HTML: inputs, selects, textareas, buttons), posted
  (or sent by GET) with odd values in every field, hidden ones too.

Any exception or 500 is collected and reported with the request that caused it.
"""

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from tests.conftest import PERSONAS
from tests.matrix import ALL_ROWS, row_counts

# Odd values for a path argument (already URL-encoded where needed).
PATH_VALUES = [quote("²"), "a%00b", "99999999999999999999", "-1", "a" * 300, "S-2026-99999"]
# Odd values for a query parameter or a form field.
FIELD_VALUES = [
    "²",
    "\x00",
    "99999999999999999999",
    "-99999999999999999999",
    "2026-01-01T10:00:00+99:00",
    "2026-02-30",
    "a" * 100_000,
]
# Sent in hidden fields too (keys, versions, « loaded at » stamps).
HIDDEN_VALUES = [
    "\x00",
    "99999999999999999999",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
]
QUERY_VALUES = ["²", "\x00", "99999999999999999999", "2040"]
SKIP_FIELDS = {"csrfmiddlewaretoken"}
# django-otp's own admin views answer 500 for a missing device; the admin of second-factor devices
# is being rewritten (issue 8 item 3: secrets never readable), which removes these views.
KNOWN_ELSEWHERE = (
    "admin/otp_totp/totpdevice/<int:pk>/config/",
    "admin/otp_totp/totpdevice/<int:pk>/qrcode/",
)
PATH_PERSONAS = ["admin", "ien", "anonymous"]
APPS = ["config", "directory", "resources_hub", "prevention", "training", "outreach"]


class Failures:
    def __init__(self):
        self.items = []

    def request(self, client: Client, method: str, url: str, data=None) -> object:
        """One request in a savepoint (a failed query on PostgreSQL must not spoil the next)."""
        try:
            with transaction.atomic():
                response = getattr(client, method)(url, data=data or {})
        except Exception as exc:
            self.items.append(f"{method.upper()} {url[:200]} {_short(data)} → {exc!r}"[:600])
            return None
        if response.status_code >= 500:
            self.items.append(
                f"{method.upper()} {url[:200]} {_short(data)} → {response.status_code}"
            )
        return response

    def check(self):
        assert self.items == [], "\n".join(self.items[:40]) + f"\n({len(self.items)} en tout)"


def _short(data) -> str:
    if not data:
        return ""
    return repr({k: (v[:30] if isinstance(v, str) else v) for k, v in dict(data).items()})[:200]


# --- URL patterns ---


def _routes(resolver=None, prefix=""):
    """(route with converters, names of its arguments) for every pattern written with path()."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if not isinstance(pattern.pattern, RoutePattern):
            continue
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.pattern.converters
            and route not in KNOWN_ELSEWHERE
        ):
            yield route


def _fill(route: str, value: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


def test_routes_are_walked():
    routes = list(_routes())
    assert any("<uai:uai>" in r for r in routes)
    assert any("<ref:reference>" in r for r in routes)
    assert any("<pupilcode:code>" in r for r in routes)


@pytest.mark.parametrize("persona", PATH_PERSONAS)
def test_every_url_argument_with_odd_values(world, persona):
    failures = Failures()
    client = world.client_for(persona)
    for route in _routes():
        if route.startswith("admin/") != (persona == "admin"):
            continue  # the admin walks the admin site; the inspector walks the portal
        for value in PATH_VALUES:
            url = _fill(route, value)
            failures.request(client, "get", url)
            if value in ("a%00b", "99999999999999999999"):
                failures.request(client, "post", url, {})
    failures.check()


def test_no_code_in_a_path_is_a_bare_str():
    """Every code in a URL goes through a typed converter (``<str:…>`` lets NUL bytes through)."""
    bare = [r for r in _routes() if "<str:" in r and not r.startswith("admin/")]
    assert bare == []


# --- Query parameters ---


def _query_names() -> set[str]:
    names = set()
    pattern = re.compile(r"""GET(?:\.get|\.getlist|\.__getitem__)?[\(\[]\s*["'](\w+)["']""")
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            names.update(pattern.findall(path.read_text()))
    return names | {"page", "next", "q"}


def test_query_names_are_found():
    assert {"report", "version"} <= _query_names()


def _pages():
    """(row, persona) for each URL name of the matrix that some persona may open by GET (one row
    per URL name: the other rows of a name differ by scope, not by form or parameter)."""
    seen = set()
    for row in ALL_ROWS:
        if row.method != "get" or row.url_name in seen:
            continue
        persona = next(
            (
                p
                for p in PERSONAS
                if row.expect.get(p, row.default if p != "anonymous" else 0) == 200
            ),
            None,
        )
        if persona is not None:
            seen.add(row.url_name)
            yield row, persona


def _matrix_groups() -> list[str]:
    return sorted({row.url_name.split(":")[0] for row in ALL_ROWS})


@pytest.mark.parametrize("group", _matrix_groups())
def test_every_query_parameter_with_odd_values(world, group):
    """No 500, and no row written: a GET with any query (a year to come, say) creates nothing."""
    failures = Failures()
    names = sorted(_query_names())
    for row, persona in _pages():
        if row.url_name.split(":")[0] != group:
            continue
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        client = world.client_for(persona)
        before = row_counts()
        for value in QUERY_VALUES:
            failures.request(client, "get", url, dict.fromkeys(names, value))
        written = {name: n - before[name] for name, n in row_counts().items() if n != before[name]}
        if written:
            failures.items.append(f"GET {url} a écrit en base : {written}")
    failures.check()


# --- Forms ---


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")}
                | {"fields": {}, "buttons": []}
            )
            return
        if not self.forms:
            return
        form = self.forms[-1]
        name = attrs.get("name")
        if tag == "button" and name:
            form["buttons"].append((name, attrs.get("value", "")))
        elif tag == "input" and name and name not in SKIP_FIELDS:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                form["buttons"].append((name, attrs.get("value", "")))
            else:
                form["fields"].setdefault(name, {"kind": kind, "value": attrs.get("value", "")})
        elif tag == "textarea" and name:
            form["fields"].setdefault(name, {"kind": "text", "value": ""})
        elif tag == "select" and name:
            kind = "multiple" if "multiple" in attrs else "select"
            form["fields"].setdefault(name, {"kind": kind, "value": ""})


def _forms(page: str, url: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(page)
    for form in parser.forms:
        form["url"] = urljoin(url, form["action"] or url)
    return parser.forms


def _shape(path: str) -> str:
    """The path with its ids and codes blanked: the same form on two records is posted once."""
    return re.sub(r"/[^/]*\d[^/]*/", "/*/", path)


def _odd_data(form: dict, value: str, *, hidden_too: bool) -> dict:
    data = {}
    for name, field in form["fields"].items():
        if field["kind"] == "hidden" and not hidden_too:
            data[name] = field["value"]
        elif field["kind"] in ("multiple", "checkbox"):
            data[name] = [value, "99999999999999999999", "1"]
        else:
            data[name] = value
    return data


def _form_requests(form: dict):
    buttons = form["buttons"] or [None]
    for button in buttons:
        rounds = [(value, False) for value in FIELD_VALUES]
        rounds += [(value, True) for value in HIDDEN_VALUES]
        for value, hidden_too in rounds:
            data = _odd_data(form, value, hidden_too=hidden_too)
            if button:
                data[button[0]] = button[1]
            yield data


@pytest.mark.parametrize("group", _matrix_groups())
def test_every_form_with_odd_values(world, group):
    failures = Failures()
    seen = set()
    for row, persona in _pages():
        if row.url_name.split(":")[0] != group:
            continue
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        response = failures.request(world.client_for(persona), "get", url)
        if (
            response is None
            or response.status_code != 200
            or "html" not in response["Content-Type"]
        ):
            continue
        for form in _forms(response.content.decode(), url):
            target = urlsplit(form["url"]).path
            signature = (form["method"], _shape(target), tuple(sorted(form["fields"])))
            if signature in seen or not target.startswith("/"):
                continue
            seen.add(signature)
            method = "post" if form["method"] == "post" else "get"
            for data in _form_requests(form):
                failures.request(world.client_for(persona), method, target, data)
    failures.check()


def test_forms_are_found(world):
    """The walk sees the forms (a parser bug must not make the fuzzer pass vacuously)."""
    found = defaultdict(int)
    for row, persona in _pages():
        url = reverse(row.url_name, kwargs=row.kwargs(world))
        response = world.client_for(persona).get(url)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            for form in _forms(response.content.decode(), url):
                found[form["method"]] += 1
    assert found["post"] >= 10 and found["get"] >= 3
