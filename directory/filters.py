"""Filters for the directory's list pages (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

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


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label="Action", choices=AuditAction.choices, empty_label="Toutes"
    )
    actor = django_filters.CharFilter(label="Auteur (identifiant)", lookup_expr="icontains")
    object_type = django_filters.CharFilter(label="Type d'objet", lookup_expr="icontains")
    object_id = django_filters.CharFilter(label="Identifiant de l'objet", lookup_expr="exact")
    since = django_filters.DateFilter(
        label="Depuis le",
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label="Jusqu'au",
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "object_type", "object_id", "since", "until"]
