"""User journeys in a real browser: sign in through the form and land on the role's home."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _sign_in(page, live_server, identifier):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(identifier)
    page.get_by_label("Mot de passe", exact=True).fill("demo")
    page.get_by_role("button", name="Se connecter").click()


def test_director_signs_in_and_sees_her_school(world, live_server, page):
    _sign_in(page, live_server, "directeur")
    page.get_by_role("heading", name="Mon école", level=1).wait_for()
    assert world.school_a.name in page.content()
    assert world.school_b.name not in page.content()
    page.screenshot(path="var/screenshots/director-home.png", full_page=True)


def test_wrong_password_keeps_identifier_and_explains(world, live_server, page):
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill("ien@exemple.test")
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Identifiant ou mot de passe incorrect").first.wait_for()
    assert page.get_by_label("Identifiant ou adresse électronique").input_value() == (
        "ien@exemple.test"
    )


def test_inspector_dashboard_renders_with_design_system(world, live_server, page):
    _sign_in(page, live_server, "ien")
    page.get_by_role("heading", name="Tableau de bord de la circonscription").wait_for()
    # The DSFR stylesheet is served locally and applied (no CDN): the header has its layout.
    display = page.eval_on_selector(".fr-header__body-row", "e => getComputedStyle(e).display")
    assert display == "flex"
    page.screenshot(path="var/screenshots/ien-dashboard.png", full_page=True)
