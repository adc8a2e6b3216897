"""Filters for the lists of « Mieux prendre en charge » (django-filter)."""

import django_filters
from django import forms
from django.utils import timezone

from directory.models import School
from resources_hub.models import Case, CaseCategory, CaseStatus, FaitsLevel

OPEN = "open"


class CaseFilter(django_filters.FilterSet):
    """The case list's filters; the school filter is kept only for users who see several."""

    status = django_filters.ChoiceFilter(
        label="Étape",
        choices=[(OPEN, "En cours (toutes les étapes ouvertes)"), *CaseStatus.choices],
        empty_label="Toutes",
        method="filter_status",
    )
    category = django_filters.ChoiceFilter(
        label="Type de faits", choices=CaseCategory.choices, empty_label="Tous"
    )
    faits_level = django_filters.ChoiceFilter(
        label="Niveau « Faits établissement »", choices=FaitsLevel.choices, empty_label="Tous"
    )
    school = django_filters.ModelChoiceFilter(
        label="École", queryset=School.objects.none(), empty_label="Toutes"
    )
    overdue = django_filters.BooleanFilter(
        label="Point de suivi en retard seulement",
        method="filter_overdue",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Case
        fields = ["status", "category", "faits_level", "school", "overdue"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is None:
            del self.filters["school"]
        else:
            self.filters["school"].queryset = schools.only("pk", "name", "uai")

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset
