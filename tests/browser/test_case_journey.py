"""Issue 3's "done when", in a real browser: a director takes a report from arrival to closure
with a signed fiche bilan and its PDF."""

import pytest

from resources_hub.models import Case, FicheBilan
from tests.factories import ReportFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()


def _step(page, verb, *, comment="", confirm=False, justification=""):
    if comment:
        page.get_by_label("Commentaire (facultatif)").fill(comment)
    if confirm:
        page.locator("label[for=id_confirm_stopped]").click()
    if justification:
        page.locator("#id_justification").fill(justification)
    page.get_by_role("button", name=verb).click()
    page.wait_for_load_state()


def _sign_out(page, live_server):
    page.context.clear_cookies()


def test_director_takes_a_report_to_closure_with_signed_bilan(world, live_server, page):
    """Issue 6's "done when": the director asks for the pôle, the IEN mobilises a member, the
    case is closed, the pôle member signs the fiche, the director co-signs, the restitution PDF
    goes to the directors concerned."""
    report = ReportFactory(
        school=world.school_a,
        created_by=world.users["enseignant"],
        description="Léo est bousculé chaque jour dans la cour par deux élèves de CM2.",
        pupil_label="Léo P.",
        class_label="CM1 A",
    )
    _sign_in(page, live_server, "directeur")
    page.goto(f"{live_server.url}/prendre-en-charge/signalements/{report.pk}/")
    page.get_by_role("link", name="Ouvrir une situation").click()
    page.get_by_label("Intitulé court").fill("Bousculades en cour, CM1")
    page.get_by_label("Type de faits").select_option("physical")
    page.locator("main form button[type=submit]").last.click()
    page.get_by_role("heading", name="Situation S-", exact=False).first.wait_for()
    case = Case.objects.get(school=world.school_a)
    assert case.reports.get() == report

    page.get_by_role("link", name="Demander l'appui du pôle ressources").click()
    page.get_by_role("button", name="Demander l'appui du pôle").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.pole_requested_on is not None

    _sign_out(page, live_server)
    _sign_in(page, live_server, "ien")
    page.goto(f"{live_server.url}/prendre-en-charge/situations/{case.reference}/intervenants/")
    page.get_by_label("Personne à ajouter").select_option(str(world.users["pole"].pk))
    page.get_by_role("button", name="Ajouter au suivi").click()
    page.wait_for_load_state()
    assert case.handlers.filter(user=world.users["pole"]).exists()

    _sign_out(page, live_server)
    _sign_in(page, live_server, "directeur")
    page.goto(f"{live_server.url}/prendre-en-charge/situations/{case.reference}/")
    for verb in ["Passer en évaluation", "Passer en prise en charge", "Passer en suivi"]:
        _step(page, verb)
    _step(
        page,
        "Clore la situation",
        comment="Plus aucun incident depuis trois semaines.",
        confirm=True,
        justification="IEN informée oralement, famille reçue hors portail.",
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_unguarded
    assert case.transitions.count() == 4

    _sign_out(page, live_server)
    _sign_in(page, live_server, "pole")
    page.goto(f"{live_server.url}/prendre-en-charge/situations/{case.reference}/bilan/")
    for label, text in [
        ("Évolution", "Les bousculades ont cessé après les entretiens."),
        ("actuelle", "Léo confirme que cela a cessé."),
        ("Restitution synthétique", "Situation traitée par l'école avec le pôle ; suivi clos."),
    ]:
        page.get_by_label(label, exact=False).first.fill(text)
    page.locator("#id_outcome").select_option("resolved")
    page.get_by_role("button", name="Signer la fiche").click()
    page.wait_for_load_state()
    fiche = FicheBilan.objects.get(case=case)
    assert fiche.status == "signed"
    assert fiche.signed_by == world.users["pole"]

    _sign_out(page, live_server)
    _sign_in(page, live_server, "directeur")
    page.goto(f"{live_server.url}/prendre-en-charge/situations/{case.reference}/bilan/")
    page.get_by_role("button", name="Co-signer la fiche").click()
    page.wait_for_load_state()
    fiche.refresh_from_db()
    assert fiche.status == "cosigned"

    for suffix in ("", "?restitution=1"):
        response = page.request.get(
            f"{live_server.url}/prendre-en-charge/situations/{case.reference}/bilan/pdf/{suffix}"
        )
        assert response.status == 200
        assert response.body().startswith(b"%PDF")
    page.screenshot(path="var/screenshots/bilan-signed.png", full_page=True)
