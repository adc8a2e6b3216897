"""Filters for the directory's list pages (django-filter)."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from directory.models import AuditAction, AuditEvent, School, SchoolKind


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Nom, commune ou UAI", method="search")
    kind = django_filters.ChoiceFilter(label="Type", choices=SchoolKind.choices, empty_label="Tous")
    is_open = django_filters.BooleanFilter(label="Ouverte", widget=forms.NullBooleanSelect)

    class Meta:
        model = School
        fields = ["q", "kind", "is_open"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(commune__icontains=value) | Q(uai__iexact=value)
        )


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the portal's time zone, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class AuditFilter(django_filters.FilterSet):
    """Every filter compares the bare column (ranges, exact or prefix), so an index applies."""

    action = django_filters.ChoiceFilter(
        label="Action", choices=AuditAction.choices, empty_label="Toutes"
    )
    actor = django_filters.CharFilter(
        label="Auteur (identifiant ou son début)", field_name="actor", lookup_expr="startswith"
    )
    object_type = django_filters.CharFilter(label="Type d'objet", lookup_expr="startswith")
    object_id = django_filters.CharFilter(label="Identifiant de l'objet", lookup_expr="exact")
    since = django_filters.DateFilter(
        label="Depuis le",
        method="from_day",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label="Jusqu'au",
        method="to_day",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def to_day(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + datetime.timedelta(days=1)))

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "object_type", "object_id", "since", "until"]
