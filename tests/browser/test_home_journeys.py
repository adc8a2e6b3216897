"""One journey per role on a phone (320 and 375 px): sign in, see the next action first on the
home page, take it. Every page visited is checked not to scroll sideways (conftest ``page``)."""

import datetime

import pytest
from django.utils import timezone

from resources_hub import services
from resources_hub.models import CaseHandler, HandlerKind
from tests.factories import CaseFactory, ReportFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(params=[320, 375], ids=["320px", "375px"])
def browser_context_args(browser_context_args, request):
    return {
        **browser_context_args,
        "viewport": {"width": request.param, "height": 740},
        "locale": "fr-FR",
    }


@pytest.fixture
def work(world):
    """A parent's report waiting in school A, and a case of school A whose review is late."""
    ReportFactory(
        school=world.school_a,
        source="parent",
        created_by=world.users["parent"],
        description="Mon fils se fait bousculer à la sortie de l'école.",
    )
    case = CaseFactory(
        school=world.school_a,
        status="handling",
        next_review_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    CaseHandler.objects.create(case=case, user=world.users["pole"], kind=HandlerKind.POLE)
    return world


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("heading", name="À faire maintenant").wait_for()


def _first_action(page):
    return page.locator("#prochaines-actions").get_by_role("link").first


def test_director_goes_from_home_to_the_report_to_read(work, live_server, page):
    _sign_in(page, live_server, "directeur")
    first = _first_action(page)
    assert first.inner_text().strip().endswith("1 signalement à lire")
    first.click()
    page.get_by_role("heading", name="Signalements reçus", level=1).wait_for()
    assert "status=new" in page.url


@pytest.mark.parametrize("persona", ["ien", "cpc"])
def test_district_team_sees_what_needs_action_first(work, live_server, page, persona):
    _sign_in(page, live_server, persona)
    labels = _first_action(page).inner_text()
    assert "signalement à lire" in labels
    _first_action(page).click()
    page.get_by_role("heading", name="Signalements reçus", level=1).wait_for()


def test_pole_member_goes_to_the_cases_they_help_with(work, live_server, page):
    _sign_in(page, live_server, "pole")
    texts = page.locator("#prochaines-actions").inner_text()
    assert "point de suivi en retard" in texts and "situation où vous intervenez" in texts
    page.locator("#prochaines-actions").get_by_role(
        "link", name="situation où vous intervenez"
    ).click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/situations/" in page.url


def test_teacher_reports_a_situation_from_home(work, live_server, page):
    _sign_in(page, live_server, "enseignant")
    page.get_by_role("link", name="Signaler une situation").first.click()
    page.get_by_label("Ce qui se passe").fill("Inès pleure souvent après la récréation.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_text("Votre signalement est envoyé").wait_for()


def test_parent_reads_the_school_answer(work, live_server, page):
    report = work.school_a.reports.get()
    services.report_message_add(
        report=report,
        body="Merci, venez jeudi à 16 h 30.",
        author_kind="school",
        user=work.users["directeur"],
        idempotency_key="browser-reply",
    )
    _sign_in(page, live_server, "parent")
    assert "Vos enfants et leur école" in page.content()
    page.locator("#prochaines-actions").get_by_role(
        "link", name="réponse de l'école à lire"
    ).click()
    page.get_by_text("Merci, venez jeudi").wait_for()
    assert "Lu par l'école" in page.content()


def test_pupil_finds_the_form_with_the_school_code(work, live_server, page):
    access = services.pupil_access_for(work.school_a)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Je veux en parler").click()
    page.get_by_label("Le code de ton école").fill(access.code.lower())
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("heading", name="Raconte ce qui se passe").wait_for()
    assert "3020" not in page.content()
