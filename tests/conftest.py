"""Shared fixtures: the personas of a small two-district world, one per role.

``world`` builds district D1 (schools A and B) and district D2 (school C), and these users, whose
usernames match the demo accounts: admin, ien, cpc, pole, directeur (A), directeur2 (B),
enseignant (A), parent (child in A), and ien_autre (inspector of D2). Every password is "demo".
"""

import uuid
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.test import Client

from directory.models import Role, SchoolKind
from tests.factories import (
    AssignmentFactory,
    ClassroomFactory,
    DistrictFactory,
    ParentProfileFactory,
    SchoolFactory,
    StaffProfileFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (cached dashboard figures never leak between tests)."""
    cache.clear()
    yield


PERSONAS = [
    "anonymous",
    "admin",
    "ien",
    "cpc",
    "pole",
    "directeur",
    "directeur2",
    "enseignant",
    "parent",
    "ien_autre",
]


@dataclass
class World:
    d1: object
    d2: object
    school_a: object
    school_b: object
    school_c: object
    class_a: object
    users: dict = field(default_factory=dict)

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


def _person(username: str, function: str | None = None, **names):
    user = UserFactory(username=username, email=f"{username}@exemple.test", **names)
    if function:
        StaffProfileFactory(user=user, function=function)
    return user


@pytest.fixture
def world(db) -> World:
    d1 = DistrictFactory(name="Nanterre 1", code="NAN1")
    d2 = DistrictFactory(name="Colombes 2", code="COL2")
    school_a = SchoolFactory(
        name="École primaire Simone Veil", kind=SchoolKind.PRIMAIRE, district=d1
    )
    school_b = SchoolFactory(name="École élémentaire Jules Ferry", district=d1)
    school_c = SchoolFactory(name="École élémentaire Victor Hugo", district=d2)
    class_a = ClassroomFactory(school=school_a, name="CM1 A", levels=["CM1"])
    w = World(
        d1=d1, d2=d2, school_a=school_a, school_b=school_b, school_c=school_c, class_a=class_a
    )

    w.users["admin"] = _person("admin", is_staff=True, is_superuser=True)
    AssignmentFactory(user=w.users["admin"], role=Role.ADMIN)
    for username, role, district, function in [
        ("ien", Role.INSPECTOR, d1, "ien"),
        ("cpc", Role.DISTRICT_TEAM, d1, "cpc"),
        ("pole", Role.POLE_MEMBER, d1, "psychologue"),
        ("ien_autre", Role.INSPECTOR, d2, "ien"),
    ]:
        w.users[username] = _person(username, function)
        AssignmentFactory(user=w.users[username], role=role, district=district)
    for username, role, school, function in [
        ("directeur", Role.DIRECTOR, school_a, "directeur"),
        ("directeur2", Role.DIRECTOR, school_b, "directeur"),
        ("enseignant", Role.TEACHER, school_a, "professeur"),
    ]:
        w.users[username] = _person(username, function)
        AssignmentFactory(user=w.users[username], role=role, school=school)
    w.users["enseignant"].assignments.get().classrooms.add(class_a)
    w.users["parent"] = _person("parent")
    ParentProfileFactory(user=w.users["parent"])
    parent_role = AssignmentFactory(user=w.users["parent"], role=Role.PARENT, school=school_a)
    parent_role.classrooms.add(class_a)
    return w


# --- PDF attacks (SECURITY.md D): one canary, one secret folder, one loopback listener ---


@pytest.fixture(scope="session")
def canary() -> str:
    return f"CANARY{uuid.uuid4().hex}"


@pytest.fixture(scope="session")
def secret_dir(tmp_path_factory, canary):
    """Local files a PDF must never read (file:// payloads point here)."""
    from tests.directory.test_pdf_security import svg_with

    folder = tmp_path_factory.mktemp("secrets")
    (folder / "secret.svg").write_text(svg_with(canary))
    (folder / "secret.css").write_text(f'body::after {{ content: "{canary}"; }}')
    (folder / "secret.txt").write_text(canary)
    (folder / "secret.html").write_text(f"<p>{canary}</p>")
    return folder


@pytest.fixture(scope="session")
def pdf_server(canary):
    """A loopback HTTP server serving the canary; a PDF must never reach it."""
    from tests.directory.test_pdf_security import Listener

    with Listener(canary) as server:
        yield server


@pytest.fixture
def listener(pdf_server):
    pdf_server.hits.clear()
    return pdf_server


# --- The audit log's database guards and Django's flush -------------------------------------------

_AUDIT_GUARDS = {"lifted": False}


def _set_audit_guards(*, enabled: bool) -> None:
    """Transactional tests end with Django's flush (TRUNCATE on PostgreSQL, DELETE on SQLite),
    which the audit log's triggers refuse: lift them for that flush, put them back after."""
    import importlib

    from django.db import connection

    guards = importlib.import_module(
        "directory.migrations.0006_audit_keyed_chains_anchors_and_guards"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            verb = "ENABLE" if enabled else "DISABLE"
            for table in guards.SQLITE_TABLES:
                cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER USER")
        else:
            for statement in guards.SQLITE_BACKWARD + (guards.SQLITE_FORWARD if enabled else []):
                cursor.execute(statement)


def _uses_db(request) -> tuple[bool, bool]:
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = set(request.fixturenames)
    uses = marker is not None or bool(fixtures & {"db", "transactional_db", "live_server"})
    return uses, transactional or bool(fixtures & {"transactional_db", "live_server"})


@pytest.fixture(autouse=True)
def _audit_guards_around_flush(request, django_db_blocker):
    uses, transactional = _uses_db(request)
    if uses and _AUDIT_GUARDS["lifted"]:
        from django.db import connection

        with django_db_blocker.unblock():
            _set_audit_guards(enabled=True)
            _AUDIT_GUARDS["lifted"] = connection.in_atomic_block
    if transactional:
        request.getfixturevalue("_django_db_helper")
    yield
    if transactional:
        _set_audit_guards(enabled=False)
        _AUDIT_GUARDS["lifted"] = True


# --- Rate-limit windows and the real clock ---------------------------------------------------


class _FrozenClock:
    """``django.utils.timezone`` with ``now`` fixed: the rest (localdate, make_aware…) delegates."""

    def __init__(self, at):
        self._at = at

    def now(self):
        return self._at

    def __getattr__(self, name):
        from django.utils import timezone

        return getattr(timezone, name)


@pytest.fixture(autouse=True)
def ratelimit_clock(monkeypatch):
    """The limiter's windows are whole minutes and hours: a test that straddled a minute's edge
    saw its count reset and failed now and then. Its clock is frozen mid-hour for every test;
    a test that needs time to pass patches it again (see tests/resources_hub/test_pupil.py)."""
    import datetime

    from django.utils import timezone

    from directory import ratelimit

    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    clock = _FrozenClock(hour + datetime.timedelta(minutes=30, seconds=30))
    monkeypatch.setattr(ratelimit, "timezone", clock, raising=False)
    return clock
