"""Runs the role × URL matrix (tests/matrix) and checks that every URL has a row."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS
from tests.matrix import ALL_ROWS, LOGIN, REDIRECT, row_counts

# URL names outside the matrix, with the reason.
UNLISTED_PREFIXES = ("admin:",)  # Django's admin: covered by its own test below


def _expected(row, persona):
    if persona in row.expect:
        return row.expect[persona]
    return LOGIN if persona == "anonymous" else row.default


def _answer(response) -> object:
    if response.status_code in (301, 302):
        return LOGIN if response["Location"].startswith("/connexion/") else REDIRECT
    return response.status_code


@pytest.mark.parametrize("row", ALL_ROWS, ids=lambda r: r.id)
def test_matrix_row(world, row):
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    data = row.data(world)
    before = row_counts() if row.method == "get" else None
    actual, expected = {}, {}
    for persona in PERSONAS:
        client = world.client_for(persona)
        response = getattr(client, row.method)(url, data=data)
        actual[persona] = _answer(response)
        expected[persona] = _expected(row, persona)
    assert actual == expected
    if before is not None:
        after = row_counts()
        created = {name: after[name] - n for name, n in before.items() if after[name] != n}
        assert created == {}, f"Un GET a écrit en base : {created}"


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_has_a_matrix_row():
    covered = {row.url_name for row in ALL_ROWS}
    missing = sorted(
        name
        for name in set(_url_names())
        if name not in covered and not name.startswith(UNLISTED_PREFIXES)
    )
    assert missing == [], f"URL sans ligne dans la matrice rôle × URL : {missing}"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin"])
def test_admin_site_refuses_everyone_but_admins(world, persona):
    response = world.client_for(persona).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert world.client_for("admin").get("/admin/").status_code == 200


def test_refusals_leave_a_refused_audit_row(world):
    from directory.models import AuditEvent

    client = world.client_for("directeur2")
    response = client.get(reverse("directory:school-detail", kwargs={"uai": world.school_a.uai}))
    assert response.status_code == 404
    assert world.school_a.name not in response.content.decode()
    row = AuditEvent.objects.get(action="refused")
    assert row.user == world.users["directeur2"]
    assert world.school_a.uai in row.detail
