"""A double-clicked « Enregistrer » never tells the user their save failed when it succeeded.

Both clicks carry the page's version; the first saves and bumps it, the second used to meet
StaleVersion and show "modifiée entre-temps… non enregistrées" over a save that went through.
The stale check now refuses only when the stored content differs from what was sent."""

import pytest

from resources_hub import services
from resources_hub.models import Case, FicheBilanVersion
from tests.resources_hub.conftest import cases  # noqa: F401 (fixture)
from tests.resources_hub.test_bilan import edit_url, form_data, loaded_version
from tests.resources_hub.test_cases import edit_data, url


def test_double_clicked_case_save_reports_success(world, cases):  # noqa: F811
    client = world.client_for("directeur")
    data = edit_data(cases.a, title="Titre corrigé")
    first = client.post(url("case-edit", cases.a), data)
    second = client.post(url("case-edit", cases.a), data)
    assert first.status_code == 302 and second.status_code == 302
    case = Case.objects.get(pk=cases.a.pk)
    assert (case.title, case.version) == ("Titre corrigé", 2)


def test_a_really_stale_case_save_is_still_refused(world, cases):  # noqa: F811
    stale = edit_data(cases.a, title="Version du directeur")
    world.client_for("ien").post(url("case-edit", cases.a), edit_data(cases.a, title="Par l'IEN"))
    response = world.client_for("directeur").post(url("case-edit", cases.a), stale)
    assert response.status_code == 200 and "modifiée entre-temps" in response.content.decode()


def test_double_clicked_bilan_save_reports_success_and_keeps_one_version(world, cases):  # noqa: F811
    client = world.client_for("directeur")
    version = loaded_version(client.get(edit_url(cases.a)))
    data = form_data(version, feedback="Retour des familles")
    first = client.post(edit_url(cases.a), data)
    second = client.post(edit_url(cases.a), data)
    assert first.status_code == 302 and second.status_code == 302
    assert FicheBilanVersion.objects.filter(fiche__case=cases.a).count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "Brouillon enregistré" in page and "non enregistrées" not in page


def test_double_clicked_protocol_save_is_one_version(world):
    save = dict(district=world.d1, user=world.users["ien"], title="Protocole", content="Texte")
    services.protocol_save(**save, expected_version=None)
    first = services.protocol_save(**{**save, "content": "Texte 2"}, expected_version=1)
    again = services.protocol_save(**{**save, "content": "Texte 2"}, expected_version=1)
    assert first.version == again.version == 2
    with pytest.raises(services.StaleVersion):
        services.protocol_save(**{**save, "content": "Autre"}, expected_version=1)
