"""Outreach content on top of the persona world (tests/conftest.py).

``content.public_a``: a public page of school A in French and English; ``content.private_a``:
a parents-only page of school A; ``content.district``: a public page of district D1;
``content.cafe``: a café des parents of school A with 2 seats; ``content.cafe_c``: one in D2.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from directory import dashboard
from directory.dashboard import Figure
from outreach.models import Audience, Event, EventKind, PageTranslation, ParentPage


def make_page(*, district, school=None, audience=Audience.PUBLIC, texts=None, topic="signs"):
    page = ParentPage.objects.create(
        district=district, school=school, audience=audience, topic=topic
    )
    for language, (title, body) in (texts or {"fr": ("Page", "Texte")}).items():
        PageTranslation.objects.create(page=page, language=language, title=title, body=body)
    return page


def make_event(*, district, school=None, kind=EventKind.PARENTS_CAFE, capacity=2, days=7):
    start = timezone.now() + datetime.timedelta(days=days)
    return Event.objects.create(
        district=district,
        school=school,
        kind=kind,
        title="Café des parents de printemps",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=capacity,
        place="Salle polyvalente",
    )


@pytest.fixture
def content(world):
    return SimpleNamespace(
        public_a=make_page(
            district=world.d1,
            school=world.school_a,
            texts={
                "fr": ("Les signes qui alertent", "Un **changement** qui dure."),
                "en": ("Warning signs", "A **change** that lasts."),
            },
        ),
        private_a=make_page(
            district=world.d1,
            school=world.school_a,
            audience=Audience.PARENTS,
            texts={"fr": ("Le café des parents de l'école", "Réservé aux parents.")},
            topic="pole",
        ),
        district=make_page(district=world.d1, texts={"fr": ("Qui appeler", "Appelez.")}),
        cafe=make_event(district=world.d1, school=world.school_a),
        cafe_c=make_event(district=world.d2, school=world.school_c),
    )


@pytest.fixture
def fake_axes():
    """Providers for the three other axes, removed afterwards (the real resources_hub one
    stays registered)."""

    def provider(*, year, district=None, school=None):
        scale = 1 if school is not None else 3
        return [
            Figure("prevenir", "fake.actions", "Actions de prévention", 4 * scale, "Actions"),
            Figure("former", "fake.trainings", "Personnes formées", 2 * scale, "Formations"),
            Figure("informer", "fake.cafes", "Cafés des parents", 1 * scale, "Événements"),
            Figure("former", "fake.bad", "Texte refusé", "Léa M.", "Formations"),
        ]

    dashboard.register_yearly_figures(provider)
    yield provider
    dashboard._yearly_providers.remove(provider)
