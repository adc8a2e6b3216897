"""Issue 8 item 9: each odd input found by the review, as its own test (the walk in test_fuzz.py
finds the others)."""

import re

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


@pytest.mark.parametrize(
    ("value", "status"), [("²", 200), ("99999999999999999999", 200), ("\x00", 400)]
)
def test_odd_version_in_the_query_shows_the_current_protocol(world, value, status):
    """Odd numbers are ignored (the current version); a NUL byte is refused before any view."""
    response = world.client_for("ien").get(
        reverse("resources_hub:protocol-versions"), {"version": value}
    )
    assert response.status_code == status


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


@pytest.mark.parametrize(
    ("url_name", "name"),
    [
        ("directory:audit-log", "avant"),
        ("outreach:bilan", "annee"),
        ("outreach:slideshow", "annee"),
        ("prevention:action-hours", "annee"),
        ("prevention:action-coverage", "annee"),
        ("prevention:action-calendar", "mois"),
        ("training:my-trainings", "annee"),
    ],
)
@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", "99999999999999999999-01"])
def test_unicode_or_huge_digits_in_a_number_of_the_query_are_ignored(world, url_name, name, value):
    """``"²".isdigit()`` is true and ``int("²")`` fails: numbers are read with ``parse_id``."""
    response = world.client_for("ien").get(reverse(url_name), {name: value})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "value", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "1850-01-01T10:00"]
)
def test_a_date_time_out_of_range_is_refused_in_french(value):
    from directory.forms_base import DATETIME_RANGE_MESSAGE, BaseForm

    class Form(BaseForm):
        moment = forms.DateTimeField()
        split = forms.SplitDateTimeField(required=False)

    form = Form(data={"moment": value})
    assert not form.is_valid()
    assert form.errors["moment"] == [DATETIME_RANGE_MESSAGE]
    split = Form(data={"moment": "2026-01-01T10:00", "split_0": "0001-01-01", "split_1": "00:00"})
    assert not split.is_valid() and split.errors["split"] == [DATETIME_RANGE_MESSAGE]
    assert Form(data={"moment": "2026-01-01T10:00:00+01:00"}).is_valid()


def test_an_event_at_the_end_of_time_is_a_form_error_not_a_500(world):
    value = "9999-12-31T23:59:59-23:59"
    response = world.client_for("ien").post(
        reverse("outreach:event-create"),
        {"kind": value, "title": "x", "place": "x", "starts_at": value, "ends_at": value},
    )
    assert response.status_code == 200
    assert "Saisissez une date comprise entre" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/prevenir/enquete/AB%00CD/",
        "/former/agenda/a%00b/offre.ics",
        "/former/inscriptions/1/accepter%00/",
        "/informer/parents/circonscription/C%00/",
        "/informer/parents/ecole/0921001N%00/",
        "/informer/parents/pages/1/infographie/f%00r/",
        "/informer/bilan/%C2%B2/2026/",
        "/informer/rapport/ecole/a%00b/",
        "/prendre-en-charge/observer/a%00b/",
        "/prendre-en-charge/situations/S%00/qualification/",
    ],
)
def test_a_nul_byte_in_a_code_of_the_new_apps_is_a_404(world, path):
    assert world.client_for("ien").get(path).status_code == 404


def test_the_new_converters_match_only_their_codes():
    from django.urls.converters import get_converters

    converters = get_converters()
    cases = {
        "code": (["0921234X", "circonscription-2", "ABCD2345"], ["a\x00", "²", "a" * 21, "a b"]),
        "token": (["Ab-_09" * 7], ["a\x00", "a" * 65, "a.b"]),
        "lang": (["fr", "ar"], ["FR", "f", "fr\x00", "français"]),
        "word": (["accepter"], ["Accepter", "a\x00", "a-b"]),
    }
    for name, (good, bad) in cases.items():
        regex = re.compile(rf"\A(?:{converters[name].regex})\Z")
        assert all(regex.match(v) for v in good), name
        assert not any(regex.match(v) for v in bad), name


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_nul_byte_in_any_value_is_a_french_400_before_any_view(world, method):
    client = world.client_for("ien")
    response = getattr(client, method)("/prevenir/actions/heures/", {"ecole": "a\x00b"})
    assert response.status_code == 400
    assert "Requête" in response.content.decode() or "requête" in response.content.decode()
    assert client.get("/prevenir/actions/heures/", {"ecole": "ab"}).status_code == 200
