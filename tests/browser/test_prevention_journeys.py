"""Prévenir in a real browser: a director declares an action and finds it in the calendar and
in the district's coverage matrix; a pupil answers a climate survey from a slip code."""

import datetime

import pytest

from prevention.models import Campaign, Response
from tests.prevention.surveys import make_campaign

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", level=1).first.wait_for()


def test_director_declares_an_action_seen_in_calendar_and_coverage(world, live_server, page):
    today = datetime.date.today()
    _sign_in(page, live_server, "directeur")
    page.goto(f"{live_server.url}/prevenir/actions/declarer/")
    page.get_by_label("Type d'action").select_option(label="Mallette de prévention")
    page.get_by_label("Titre").fill("Mallette : les émotions")
    page.locator("label", has_text="CM1 A (CM1)").click()
    page.locator("#id_starts_on").fill(today.isoformat())
    page.get_by_label("Heures par classe").fill("2")
    page.get_by_label("État").select_option(label="Réalisée")
    page.get_by_role("button", name="Déclarer l'action").click()
    page.get_by_role("heading", name="Mallette : les émotions").wait_for()
    page.goto(f"{live_server.url}/prevenir/actions/calendrier/?mois={today:%Y-%m}")
    page.get_by_role("link", name="Mallette : les émotions").first.wait_for()
    page.screenshot(path="var/screenshots/prevention-calendar.png", full_page=True)
    page.context.clear_cookies()
    _sign_in(page, live_server, "ien")
    page.goto(f"{live_server.url}/prevenir/actions/couverture/")
    row = page.get_by_role("row").filter(has_text=world.school_a.name).first
    row.wait_for()
    assert "aucune action" not in row.inner_text().lower()
    other = page.get_by_role("row").filter(has_text=world.school_b.name).first
    assert "aucune action" in other.inner_text().lower()
    page.screenshot(path="var/screenshots/prevention-coverage.png", full_page=True)


def test_pupil_answers_a_survey_from_a_slip_code(world, live_server, page):
    campaign = make_campaign(world.school_a, [world.class_a], codes=2)
    Campaign.objects.filter(pk=campaign.pk).update(status="open")
    code = campaign.codes.first().code
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/prevenir/enquete/")
    page.get_by_label("Ton code").fill(code)
    page.get_by_role("button", name="Commencer").click()
    page.get_by_role("heading", name="Comment ça va à l'école ?").wait_for()
    group = page.get_by_role("group", name="Je me sens bien à l'école.")
    group.locator("label", has_text="Souvent").first.click()
    page.screenshot(path="var/screenshots/prevention-survey.png", full_page=True)
    # The questionnaire itself fits a 320 px phone (the shared header and footer are base.html's).
    wide = page.evaluate(
        "[...document.querySelectorAll('main *')]"
        ".filter(e => e.getBoundingClientRect().right > 321)"
        ".map(e => e.tagName + '.' + e.className)"
    )
    assert wide == []
    page.get_by_role("button", name="J'envoie mes réponses").click()
    page.get_by_role("heading", name="Merci !").wait_for()
    assert Response.objects.filter(campaign=campaign).count() == 1
    page.goto(f"{live_server.url}/prevenir/enquete/{code}/")
    page.get_by_role("heading", name="Ce code ne marche pas").wait_for()
