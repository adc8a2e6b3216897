"""The demo of « Prévenir »: a year of actions in most schools, a judged contest, a finished
campaign with enough answers for charts; seeding twice adds nothing."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from directory.models import Partner, School
from prevention import models as pm
from prevention.selectors.surveys import campaign_results

MODELS = [
    pm.Action,
    pm.Campaign,
    pm.Response,
    pm.Answer,
    pm.ContestEdition,
    pm.Entry,
    pm.Score,
    Partner,
]


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_seeding_twice_adds_nothing(demo):
    first = counts()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first


def test_demo_has_actions_contest_and_a_readable_campaign(demo):
    ecoles = School.objects.exclude(kind__in=["college", "lycee"])
    with_actions = ecoles.filter(prevention_actions__isnull=False).distinct().count()
    assert with_actions >= ecoles.count() - 1 and with_actions < ecoles.count()
    assert pm.Entry.objects.count() >= 3 and pm.Score.objects.exists()
    assert pm.Entry.objects.filter(is_winner=True).count() == 1
    closed = pm.Campaign.objects.filter(status="closed").order_by("-opens_on").first()
    results = campaign_results(closed)
    assert not results["indexes"].hidden
    assert results["before"] is not None
