"""Filters for the lists of « Mieux prendre en charge » (django-filter)."""

from urllib.parse import urlencode

import django_filters
from django import forms
from django.urls import reverse
from django.utils import timezone

from directory.models import School
from resources_hub import selectors
from resources_hub.models import Case, CaseCategory, CaseStatus, FaitsLevel

OPEN = "open"
TODO = "a_traiter"


def todo_url(key: str) -> str:
    """The case list showing exactly what the next action ``key`` counts."""
    return f"{reverse('resources_hub:case-list')}?{urlencode({TODO: key})}"


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
    # The home page's next actions link here: each value lists exactly what its action counts.
    a_traiter = django_filters.ChoiceFilter(
        label="À traiter", choices=[], empty_label="Tout", method="filter_todo"
    )

    class Meta:
        model = Case
        fields = ["status", "category", "faits_level", "school", "overdue", "a_traiter"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is None:
            del self.filters["school"]
        else:
            self.filters["school"].queryset = schools.only("pk", "name", "uai")
        user = getattr(self.request, "user", None)
        keys = selectors.todo_keys(user) if user is not None else []
        self.filters[TODO].extra["choices"] = [(k, selectors.TODO_LABELS[k]) for k in keys]

    def filter_todo(self, queryset, name, value):
        cases = selectors.todo_cases(self.request.user, value, today=timezone.localdate())
        queryset = queryset.filter(pk__in=cases.values("pk"))
        if value == "mes_situations":
            queryset = queryset.annotate(next_step=selectors.next_step_expression())
        return queryset

    def active_todo(self) -> dict | None:
        """The « à traiter » filter in force, with its French label and the link removing it."""
        form = self.form
        key = form.cleaned_data.get(TODO) if form.is_valid() else None
        if not key:
            return None
        rest = self.data.copy()
        for name in (TODO, "page"):
            rest.pop(name, None)
        query = rest.urlencode()
        remove_url = reverse("resources_hub:case-list") + (f"?{query}" if query else "")
        return {"key": key, "label": selectors.TODO_LABELS[key], "remove_url": remove_url}

    def filter_status(self, queryset, name, value):
        if value == OPEN:
            return queryset.open()
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value else queryset
