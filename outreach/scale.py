"""Académie-sized volume for « Informer »: per school a couple of parent pages (two languages),
three events a year with registrations, and a yearly bilan for most schools."""

import datetime

from django.utils import timezone

from directory.models import SchoolYear
from outreach.models import Event, EventKind, PageTranslation, ParentPage, SchoolBilan


def seed(*, schools, rng, factor: float, stdout) -> None:
    year = SchoolYear.current()
    now = timezone.now()
    pages, events, bilans = [], [], []
    for school in schools:
        if school.district_id is None:
            continue
        for topic in ("other", "associations")[: max(1, round(2 * factor))]:
            pages.append(ParentPage(district_id=school.district_id, school=school, topic=topic))
        for index in range(max(1, round(3 * factor))):
            start = now + datetime.timedelta(days=rng.randint(-120, 120), hours=index)
            events.append(
                Event(
                    district_id=school.district_id,
                    school=school,
                    kind=EventKind.PARENTS_CAFE,
                    title=f"Café des parents n° {index + 1}",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    capacity=rng.randint(10, 40),
                )
            )
        if rng.random() < 0.8:
            signed = rng.random() < 0.6
            bilans.append(
                SchoolBilan(
                    school=school,
                    year=year,
                    status=SchoolBilan.Status.SIGNED if signed else SchoolBilan.Status.DRAFT,
                    signed_at=now if signed else None,
                    assessment="Bilan de l'année (données de volume).",
                    version=1,
                )
            )
    created = ParentPage.objects.bulk_create(pages, batch_size=2000)
    PageTranslation.objects.bulk_create(
        [
            PageTranslation(page=page, language=language, title="Information", body="Texte.")
            for page in created
            for language in ("fr", "en")
        ],
        batch_size=2000,
    )
    Event.objects.bulk_create(events, batch_size=2000)
    SchoolBilan.objects.bulk_create(bilans, batch_size=2000, ignore_conflicts=True)
    stdout.write(
        f"Informer : {len(created)} pages, {len(events)} événements, {len(bilans)} bilans."
    )
