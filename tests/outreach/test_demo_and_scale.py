"""The demo year of « Informer » (idempotent, with a café with room and a returned bilan), the
scale hook and Informer's own yearly figures."""

import io
import random

import pytest
from django.core.management import call_command
from django.test import override_settings

from directory.dashboard import yearly_figures
from directory.models import School, SchoolYear
from outreach import models as om
from outreach import scale
from outreach.services import events as event_services
from tests.outreach.conftest import make_event

MODELS = [
    om.Post,
    om.Practice,
    om.Volunteer,
    om.InterventionRequest,
    om.ParentPage,
    om.PageTranslation,
    om.Event,
    om.Registration,
    om.SchoolBilan,
    om.SchoolBilanVersion,
]


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db):
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_demo_is_idempotent_and_covers_the_year(demo):
    first = _counts()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first
    assert om.ParentPage.objects.values("school").distinct().count() >= 4  # district + 3 schools
    assert om.PageTranslation.objects.values("language").distinct().count() >= 4
    cafes = om.Event.objects.filter(kind="cafe")
    assert any(c.registrations.count() < c.capacity for c in cafes)
    assert om.SchoolBilan.objects.filter(status="signed").count() == 1
    assert set(om.Event.objects.values_list("kind", flat=True)) == set(om.EventKind.values)
    assert om.Post.objects.filter(status="published").count() >= 3
    assert om.Post.objects.filter(status="submitted").count() == 1


def test_scale_seed_creates_volume(world):
    schools = list(School.objects.filter(district__isnull=False))
    scale.seed(schools=schools, rng=random.Random(1), factor=1.0, stdout=io.StringIO())
    assert om.ParentPage.objects.count() == 2 * len(schools)
    assert om.Event.objects.count() == 3 * len(schools)


def test_informer_yearly_figures_count_events_and_pages(world, content):
    event_services.registration_create(event=content.cafe, user=world.users["parent"])
    make_event(district=world.d1, kind="national_day", days=3)
    year = SchoolYear.current()
    district = {f.key: f.value for f in yearly_figures(year=year, district=world.d1)}
    assert district["events.cafe"] == 1 and district["events.national_day"] == 1
    assert district["registrations"] == 1
    school = {f.key: f.value for f in yearly_figures(year=year, school=world.school_a)}
    assert school["events.national_day"] == 0 and school["parent_pages"] == 3
