"""What « Informer » contributes to the yearly figures: events, registrations, parents' pages.
Counts only."""

from django.db.models import Count

from directory.dashboard import Figure
from outreach.models import Event, EventKind, PageTranslation, Registration

AXIS = "informer"


def _place(queryset, *, district, school, prefix: str = ""):
    if school is not None:
        return queryset.filter(**{f"{prefix}school": school})
    return queryset.filter(**{f"{prefix}district": district})


def yearly_figures(*, year, district=None, school=None) -> list[Figure]:
    events = _place(
        Event.objects.filter(
            starts_at__date__gte=year.starts_on, starts_at__date__lte=year.ends_on
        ),
        district=district,
        school=school,
    )
    by_kind = dict(events.values_list("kind").annotate(n=Count("pk")).order_by())
    registrations = Registration.objects.filter(event__in=events.values("pk")).count()
    translations = _place(
        PageTranslation.objects.all(), district=district, school=school, prefix="page__"
    )
    figures = [
        Figure(AXIS, f"events.{value}", label, by_kind.get(value, 0), "Événements")
        for value, label in EventKind.choices
    ]
    figures.append(
        Figure(AXIS, "registrations", "Inscriptions aux événements", registrations, "Événements")
    )
    figures.append(
        Figure(
            AXIS,
            "parent_pages",
            "Pages de l'espace parents (toutes langues)",
            translations.count(),
            "Espace parents",
        )
    )
    figures.append(
        Figure(
            AXIS,
            "parent_languages",
            "Langues de l'espace parents",
            translations.values("language").distinct().count(),
            "Espace parents",
        )
    )
    return figures
