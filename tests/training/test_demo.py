"""The demo: a year of training records, loaded twice without duplicates."""

import io

import pytest
from django.core.management import call_command

from training.models import Cohort, Enrolment, Meeting, MeetingKind, Session


@pytest.mark.django_db
def test_seed_demo_twice_adds_nothing():
    call_command("seed_demo", "--force", stdout=io.StringIO())
    counts = [m.objects.count() for m in (Session, Enrolment, Meeting, Cohort)]
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert [m.objects.count() for m in (Session, Enrolment, Meeting, Cohort)] == counts
    assert Meeting.objects.filter(kind=MeetingKind.DIRECTORS).count() == 2
    assert Meeting.objects.filter(kind=MeetingKind.CONSEIL).values("school").distinct().count() >= 3
    assert Enrolment.objects.filter(attended=True).exists()
    assert Enrolment.objects.filter(status="waiting").exists()
    assert Enrolment.objects.filter(status="offered").exists()
    assert Cohort.objects.exists()


def test_scale_seed_bulk_creates_counts(world):
    import random

    from directory.models import School
    from training import scale

    out = io.StringIO()
    scale.seed(schools=list(School.objects.all()), rng=random.Random(1), factor=0.2, stdout=out)
    assert Session.objects.count() == 2 * 6
    assert "Former :" in out.getvalue()


def test_bench_pages_are_under_the_axis():
    from training.bench import PAGES

    assert all(url.startswith("/former/") for _, url, _ in PAGES)
