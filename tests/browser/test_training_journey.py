"""Issue 10's "done when", in a real browser: a teacher enrols, the CPC marks her present, and
she downloads her attendance certificate."""

import io

import pytest
from pypdf import PdfReader

from tests.training.factories import SessionFactory
from training.models import Enrolment

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def _sign_out(page):
    page.context.clear_cookies()


def test_teacher_enrols_is_marked_present_and_downloads_a_certificate(world, live_server, page):
    session = SessionFactory(district=world.d1, title="Repérer les signaux faibles", capacity=5)
    _sign_in(page, live_server, "enseignant")
    page.goto(f"{live_server.url}/former/sessions/")
    page.get_by_role("link", name="Repérer les signaux faibles").click()
    page.get_by_role("button", name="M'inscrire").click()
    page.get_by_text("Vous êtes inscrit·e à cette session.").wait_for()
    enrolment = Enrolment.objects.get(user=world.users["enseignant"], session=session)
    assert enrolment.status == "enrolled"

    _sign_out(page)
    _sign_in(page, live_server, "cpc")
    page.goto(f"{live_server.url}/former/sessions/{session.pk}/emargement/")
    page.locator(f"label[for=present-{enrolment.pk}]").click()
    page.get_by_role("button", name="Enregistrer l'émargement").click()
    page.get_by_text("Émargement enregistré : 1 présent·es.").wait_for()
    enrolment.refresh_from_db()
    assert enrolment.attended is True

    _sign_out(page)
    _sign_in(page, live_server, "enseignant")
    page.goto(f"{live_server.url}/former/mes-formations/")
    link = page.get_by_role("link", name="Attestation (PDF)")
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.status == 200
    body = response.body()
    assert body.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert "Attestation de présence" in text
    assert world.users["enseignant"].display_name in text
