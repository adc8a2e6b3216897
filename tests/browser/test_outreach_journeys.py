"""Informer in a real browser: a parent reads their school's page in another language and
registers for a café des parents; the admin exports the district's yearly report."""

import pytest

from outreach.models import Registration
from tests.outreach.conftest import make_event, make_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()


def test_parent_reads_school_page_in_english_and_joins_a_cafe(world, live_server, page):
    make_page(
        district=world.d1,
        school=world.school_a,
        texts={
            "fr": ("Bienvenue aux familles", "Le **café des parents** a lieu chaque trimestre."),
            "en": ("Welcome, families", "The **parents' café** takes place every term."),
        },
    )
    cafe = make_event(district=world.d1, school=world.school_a, capacity=5)
    _sign_in(page, live_server, "parent")
    page.goto(f"{live_server.url}/informer/parents/")
    page.get_by_role("heading", name=world.school_a.name).wait_for()
    page.get_by_role("link", name="Bienvenue aux familles").click()
    page.get_by_role("link", name="English (anglais)").click()
    page.get_by_role("heading", name="Welcome, families").wait_for()
    # The choice is remembered: the next visit opens in English without asking.
    page.goto(f"{live_server.url}/informer/parents/")
    page.get_by_role("link", name="Bienvenue aux familles").click()
    page.get_by_role("heading", name="Welcome, families").wait_for()
    page.goto(f"{live_server.url}/informer/parents/ecole/{world.school_a.uai}/")
    page.get_by_role("link", name="Café des parents de printemps").click()
    page.get_by_role("button", name="M'inscrire").click()
    page.get_by_text("Vous êtes inscrit·e").first.wait_for()
    assert Registration.objects.filter(event=cafe, user=world.users["parent"]).exists()


def test_admin_exports_the_yearly_report(world, live_server, page):
    _sign_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/informer/rapport/")
    page.get_by_label("Circonscription").select_option(label=world.d1.name)
    page.get_by_role("button", name="Préparer le rapport (PDF)").click()
    page.get_by_text("Le rapport est prêt").wait_for()
    link = page.get_by_role("link", name="Télécharger le rapport (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
