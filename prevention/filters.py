"""Filters of the lists of « Prévenir » (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from directory.models import School
from prevention.models import Action, ActionStatus, ActionType, Pillar

CYCLES = [("1", "Cycle 1"), ("2", "Cycle 2"), ("3", "Cycle 3")]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label="École", queryset=School.objects.none(), empty_label="Toutes"
    )
    action_type = django_filters.ModelChoiceFilter(
        label="Type d'action", queryset=ActionType.objects.none(), empty_label="Tous"
    )
    cycle = django_filters.ChoiceFilter(
        label="Cycle", choices=CYCLES, empty_label="Tous", method="filter_cycle"
    )
    pillar = django_filters.ChoiceFilter(
        label="Pilier pHARe",
        choices=Pillar.choices,
        empty_label="Tous",
        field_name="action_type__pillar",
    )
    status = django_filters.ChoiceFilter(
        label="État", choices=ActionStatus.choices, empty_label="Tous"
    )
    since = django_filters.DateFilter(
        label="Du", field_name="starts_on", lookup_expr="gte", widget=_DATE
    )
    until = django_filters.DateFilter(
        label="Au", field_name="starts_on", lookup_expr="lte", widget=_DATE
    )
    shared = django_filters.BooleanFilter(
        label="Actions partagées par les autres écoles",
        method="filter_shared",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Action
        fields = ["school", "action_type", "cycle", "pillar", "status", "since", "until"]

    def __init__(self, *args, schools=None, types=None, own_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_ids = own_ids
        if schools is None:
            del self.filters["school"]
        else:
            self.filters["school"].queryset = schools
        self.filters["action_type"].queryset = types if types is not None else ActionType.objects
        for name in ("since", "until"):
            self.filters[name].extra["error_messages"] = {"invalid": "Saisissez une date valide."}

    def filter_cycle(self, queryset, name, value):
        return queryset.filter(**{f"cycle_{value}": True})

    def filter_shared(self, queryset, name, value):
        if value and self.own_ids is not None:
            return queryset.exclude(Q(pk__in=self.own_ids))
        return queryset
