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


# --- The same kind elsewhere: every optimistic save and every protocol step ---


def test_double_clicked_minutes_save_is_one_version_and_no_error(world):
    from resources_hub.models import PoleMeetingVersion
    from resources_hub.services import pole as pole_services
    from tests.resources_hub.test_pole import MeetingFactory, PoleFactory

    meeting = MeetingFactory(pole=PoleFactory(district=world.d1), minutes="Premier jet.")
    data = {"held_on": meeting.held_on, "place": "", "agenda": meeting.agenda, "minutes": "Relu."}
    save = dict(meeting=meeting, data=data, attendees=[], user=world.users["ien"])
    first = pole_services.meeting_update(**save, expected_version=1)
    again = pole_services.meeting_update(**save, expected_version=1)
    assert first.version == again.version == 2
    assert PoleMeetingVersion.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(services.StaleVersion):
        pole_services.meeting_update(
            **{**save, "data": {**data, "minutes": "Autre"}}, expected_version=1
        )


def test_double_clicked_school_bilan_save_reports_success(world):
    from django.urls import reverse

    from directory.models import SchoolYear
    from outreach.models import SchoolBilanVersion

    client = world.client_for("directeur")
    url = reverse(
        "outreach:bilan-edit",
        kwargs={"uai": world.school_a.uai, "year": SchoolYear.current().start_year},
    )
    data = {"assessment": "Une belle année", "needs": "", "version": 0}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert SchoolBilanVersion.objects.filter(bilan__school=world.school_a).count() == 1
    assert "Brouillon enregistré" in client.get(second["Location"]).content.decode()


def test_double_clicked_plan_save_reports_success(world):
    from django.urls import reverse

    from resources_hub.models import PreventionPlan
    from tests.resources_hub.test_plans import plan

    school_plan = plan(world.d1, world.school_a, title="Plan initial")
    client = world.client_for("directeur")
    url = reverse("resources_hub:plan-edit", kwargs={"pk": school_plan.pk})
    data = {
        "title": "Plan révisé",
        "content": "Texte",
        "loaded_at": school_plan.updated_at.isoformat(),
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert PreventionPlan.objects.get(pk=school_plan.pk).title == "Plan révisé"


def test_double_clicked_qualification_is_recorded_once_and_reported_done(world, cases):  # noqa: F811
    from django.urls import reverse

    from resources_hub.models import CaseEvent

    client = world.client_for("directeur")
    url = reverse("resources_hub:case-qualify", kwargs={"reference": cases.a.reference})
    data = {
        "repetition": "on",
        "power": "on",
        "track": "mpp",
        "on": "2026-11-20",
        "version": Case.objects.get(pk=cases.a.pk).version,
    }
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert CaseEvent.objects.filter(case=cases.a, title__startswith="Qualification").count() == 1
    stale = client.post(url, {**data, "power": ""})
    assert stale.status_code == 200 and "entre-temps" in stale.content.decode()
