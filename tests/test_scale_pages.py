"""What keeps pages fast at académie size: one-pass option lists, narrowed choices, the cached
and bounded case dashboard, and the district column on cases and reports."""

import html

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from directory.uai import uai_check_letter
from resources_hub.forms import pole as pole_forms
from resources_hub.models import Case, Pole, PoleMember, Report
from tests.factories import CaseFactory, ReportFactory, SchoolFactory

DASHBOARD = reverse("resources_hub:case-dashboard")


def render_form(form) -> str:
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


def test_select_options_are_escaped_grouped_and_keep_the_selection():
    class SchoolForm(forms.Form):
        school = forms.ChoiceField(
            choices=[("", "Choisir"), ("Écoles", [("1", 'École <A> & "B"'), ("2", "C")])]
        )

    page = render_form(SchoolForm(initial={"school": "2"}))

    assert '<optgroup label="Écoles">' in page
    assert "École &lt;A&gt; &amp; &quot;B&quot;" in page
    assert "<A>" not in page
    assert '<option value="2" selected>C</option>' in page
    assert page.count("<option") == 3


def test_cases_and_reports_carry_their_school_district_and_follow_a_moved_school(world):
    case = CaseFactory(school=world.school_a)
    report = ReportFactory(school=world.school_a)
    assert (case.district_id, report.district_id) == (world.d1.pk, world.d1.pk)

    world.school_a.district = world.d2
    world.school_a.save()

    assert Case.objects.get(pk=case.pk).district_id == world.d2.pk
    assert Report.objects.get(pk=report.pk).district_id == world.d2.pk


def test_district_scope_reads_the_district_column(world):
    CaseFactory(school=world.school_a)
    CaseFactory(school=world.school_c)

    visible = Case.objects.visible_to(world.users["ien"], "case.view")

    assert '"district_id"' in str(visible.query).replace("resources_hub_case.", "")
    assert visible.count() == 1


def test_dashboard_figures_are_cached_and_dropped_when_a_case_is_written(world):
    client = world.client_for("ien")
    CaseFactory(school=world.school_a, status="handling")
    first = html.unescape(client.get(DASHBOARD).content.decode())

    CaseFactory(school=world.school_b, status="handling")
    second = html.unescape(client.get(DASHBOARD).content.decode())

    assert '<span class="hz-figure">1</span>situation en cours' in first
    assert '<span class="hz-figure">2</span>situations en cours' in second


def test_dashboard_figures_follow_a_status_change_made_without_signals(world):
    client = world.client_for("ien")
    case = CaseFactory(school=world.school_a, status="handling")
    client.get(DASHBOARD)

    Case.objects.filter(pk=case.pk).update(status="closed", updated_at=timezone.now())
    page = html.unescape(client.get(DASHBOARD).content.decode())

    assert '<span class="hz-figure">0</span>situations en cours' in page


def test_dashboard_lists_the_busiest_schools_only(world, monkeypatch):
    from resources_hub.views import dashboard

    monkeypatch.setattr(dashboard, "SCHOOLS_SHOWN", 1)
    CaseFactory(school=world.school_a, status="handling")
    CaseFactory(school=world.school_a, status="handling")
    CaseFactory(school=world.school_b, status="handling")

    page = html.unescape(world.client_for("ien").get(DASHBOARD).content.decode())

    assert "1 autre école en a aussi" in page
    assert world.school_a.name in page


@pytest.fixture
def big_district(world, monkeypatch):
    monkeypatch.setattr(pole_forms, "CANDIDATES_LISTED", 1)
    return Pole.objects.create(district=world.d1, kind=Pole.Kind.DISTRICT, name="Pôle essai")


def test_many_candidates_are_typed_not_listed(world, big_district):
    url = reverse("resources_hub:pole-detail", kwargs={"pk": big_district.pk})
    client = world.client_for("cpc")

    page = html.unescape(client.get(url).content.decode())
    response = client.post(
        url, {"action": "add", "user": "DIRECTEUR", "profile": "directeur", "trained_on": ""}
    )
    unknown = client.post(url, {"action": "add", "user": "ien_autre", "profile": "rased"})

    assert "Son identifiant ou son adresse électronique" in page
    assert response.status_code == 302
    assert PoleMember.objects.filter(pole=big_district, user=world.users["directeur"]).exists()
    assert "Aucune personne de la circonscription ne correspond à « ien_autre »" in html.unescape(
        unknown.content.decode()
    )


def test_a_school_outside_a_district_keeps_cases_without_district(world):
    uai = "0921999" + uai_check_letter("0921999")
    college = SchoolFactory(kind="college", district=None, uai=uai)
    case = CaseFactory(school=college)

    assert case.district_id is None
