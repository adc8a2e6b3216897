import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from directory import audit
from directory.models import RoleAssignment, User
from tests.factories import ClassroomFactory, SchoolFactory


def test_healthz_ok(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_503_when_database_fails(db, client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("down")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.parametrize(
    ("persona", "home", "text"),
    [
        ("ien", "directory:home-district", "Tableau de bord de la circonscription"),
        ("cpc", "directory:home-district", "Tableau de bord de la circonscription"),
        ("pole", "directory:home-pole", "Pôle ressources"),
        ("directeur", "directory:home-director", "École primaire Simone Veil"),
        ("enseignant", "directory:home-teacher", "Bonjour"),
        ("parent", "directory:home-parent", "Espace parents"),
        ("admin", "directory:home-admin", "Administration du portail"),
    ],
)
def test_each_role_lands_on_its_home(world, persona, home, text):
    client = world.client_for(persona)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse(home)
    page = response.content.decode()
    assert text in page
    assert world.users[persona].display_name in page  # the header shows who is signed in


def test_header_shows_role_and_district(world):
    page = world.client_for("ien").get(reverse("directory:home-district")).content.decode()
    assert "Inspecteur·rice (IEN)" in page
    assert "Nanterre 1" in page
    assert "3018" in page and "119" in page  # footer numbers
    assert "3020" not in page  # the former number only redirects: never in the footer


def test_director_home_shows_own_school_not_other(world):
    page = world.client_for("directeur").get(reverse("directory:home-director")).content.decode()
    assert world.school_a.name in page
    assert world.school_b.name not in page
    assert "CM1 A" in page


def test_user_without_role_sees_explanation(db):
    user = User.objects.create_user("sansrole", password="demo")
    client = Client()
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "Aucun rôle" in page


def test_school_list_filters_and_search(world):
    client = world.client_for("ien")
    page = client.get(reverse("directory:school-list"), {"q": "Jules"}).content.decode()
    assert world.school_b.name in page and world.school_a.name not in page


@pytest.mark.parametrize("size", [3, 30])
def test_school_list_query_count_is_constant(world, size, django_assert_max_num_queries):
    for _ in range(size):
        SchoolFactory(district=world.d1)
    client = world.client_for("ien")
    client.get(reverse("directory:school-list"))  # warm caches (session, helplines)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("directory:school-list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 40])
def test_audit_log_query_count_is_constant(world, size, django_assert_max_num_queries):
    for i in range(size):
        audit.record("view", user=world.users["ien"], obj=world.school_a, detail=str(i))
    client = world.client_for("ien")
    client.get(reverse("directory:audit-log"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("directory:audit-log")).status_code == 200


@pytest.mark.parametrize("size", [2, 20])
def test_school_detail_query_count_is_constant(world, size, django_assert_max_num_queries):
    for i in range(size):
        ClassroomFactory(school=world.school_a, name=f"Classe {i}")
    client = world.client_for("directeur")
    url = reverse("directory:school-detail", kwargs={"uai": world.school_a.uai})
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


@override_settings(DEBUG=True)
def test_seed_demo_is_idempotent_and_accounts_land_home(db):
    call_command("seed_demo")
    counts = (User.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), RoleAssignment.objects.count()) == counts
    for username in [
        "admin",
        "ien",
        "cpc",
        "pole",
        "directeur",
        "directeur2",
        "enseignant",
        "parent",
    ]:
        user = authenticate(
            RequestFactory().post("/connexion/"), username=username, password="demo"
        )
        assert user is not None, username
        client = Client()
        client.force_login(user)
        assert client.get("/", follow=True).status_code == 200


@override_settings(DEBUG=False)
def test_seed_demo_refused_without_debug_unless_forced(db):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.filter(username="ien").exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(username="ien").exists()


def test_pdf_generation_is_rate_limited_per_user(world, settings):
    settings.HZ_PDF_PER_MINUTE = 2
    client = world.client_for("directeur")
    url = reverse("directory:referral-sheet", kwargs={"uai": world.school_a.uai})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    # Another user keeps their own allowance.
    assert world.client_for("enseignant").get(url).status_code == 200


def test_rate_limiter_counts_per_key_and_window(db):
    from directory.models import RateLimitBucket
    from directory.ratelimit import hit

    results = [hit("t", "10.0.0.1", limit=3, window_seconds=60) for _ in range(4)]
    assert results == [True, True, True, False]
    assert hit("t", "10.0.0.2", limit=3, window_seconds=60)
    assert not RateLimitBucket.objects.filter(key__contains="10.0.0").exists()  # hashed keys
