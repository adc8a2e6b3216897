"""Issue 8 item 9: each odd input found by the review, as its own test (the walk in test_fuzz.py
finds the others)."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from directory.converters import parse_id
from resources_hub import services
from resources_hub.models import Case, Report
from tests.factories import CaseFactory


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "-1", "1 "])
def test_odd_report_id_in_the_query_is_a_404(world, value):
    url = reverse("resources_hub:case-create")
    response = world.client_for("ien").get(url, {"report": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "\x00"])
def test_odd_version_in_the_query_shows_the_current_protocol(world, value):
    response = world.client_for("ien").get(
        reverse("resources_hub:protocol-versions"), {"version": value}
    )
    assert response.status_code == 200


def test_parse_id():
    assert parse_id("42") == 42
    assert [parse_id(v) for v in ["²", "", "4 2", "9" * 19, None, "-3"]] == [None] * 6


@pytest.mark.parametrize(
    "path",
    [
        "/prendre-en-charge/eleves/AB%00CD/",
        "/ecoles/0921001N%00/",
        "/prendre-en-charge/situations/S-2026-0001%00/bilan/",
        "/prendre-en-charge/situations/S%00/",
        "/prendre-en-charge/ecoles/%00/affiche-eleves.pdf",
    ],
)
def test_a_nul_byte_in_a_code_is_a_404_before_any_query(world, path):
    assert world.client_for("ien").get(path).status_code == 404


def test_out_of_range_ids_in_a_multiple_choice_are_refused_not_500(world):
    field = forms.ModelMultipleChoiceField(queryset=Report.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(["99999999999999999999"])
    with pytest.raises(forms.ValidationError):
        field.clean(["-99999999999999999999", "1"])
    assert list(Report.objects.filter(pk__in=[10**20, -(10**20)])) == []


def test_a_100000_character_username_is_refused_kindly(world):
    from django.test import Client

    response = Client().post(reverse("login"), {"username": "a" * 100_000, "password": "x" * 20})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_case_references_go_past_9999_in_a_year(world):
    year = timezone.localdate().year
    CaseFactory(school=world.school_a, reference=f"S-{year}-9999")
    data = {"title": "Moqueries", "summary": "x", "reported_on": timezone.localdate()}
    first = services.case_open(school=world.school_a, user=world.users["directeur"], data=data)
    second = services.case_open(school=world.school_a, user=world.users["directeur"], data=data)
    assert (first.reference, second.reference) == (f"S-{year}-10000", f"S-{year}-10001")
    detail = reverse("resources_hub:case-detail", kwargs={"reference": second.reference})
    assert world.client_for("ien").get(detail).status_code == 200
    assert Case.objects.count() == 3
