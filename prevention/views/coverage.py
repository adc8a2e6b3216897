"""The district's coverage of prevention actions (school × type, school × cycle) and the hours
of prevention lessons per class against pHARe's 10 hours from CP."""

from django.core.paginator import Paginator
from django.urls import path
from django.views.generic import TemplateView

from directory.models import Classroom, School, SchoolYear
from directory.permissions import PermissionRequiredMixin, has_perm
from directory.selectors import year_asked, years_around
from prevention.selectors import actions as sel


def _year(request) -> SchoolYear:
    return year_asked(request.GET.get("annee"))


def _years(current: SchoolYear) -> list[SchoolYear]:
    return years_around(current)


class CoverageView(PermissionRequiredMixin, TemplateView):
    permission = "action.coverage"
    template_name = "prevention/actions/coverage.html"
    paginate_by = 40

    def get_context_data(self, **kwargs):
        year = _year(self.request)
        schools_qs = sel.coverage_schools(self.request.user)
        page = Paginator(schools_qs, self.paginate_by).get_page(self.request.GET.get("page"))
        schools = list(page.object_list)
        district_ids = {s.district_id for s in schools}
        types = list(sel.types_for_districts(district_ids).order_by("order", "name"))
        by_type = sel.coverage_by_type(schools, year)
        by_cycle = sel.coverage_by_cycle(schools, year)
        hours = sel.hours_summary(schools, year)
        rows = []
        for school in schools:
            counts = by_cycle.get(school.pk, {})
            rows.append(
                {
                    "school": school,
                    "types": [
                        by_type.get((school.pk, t.pk), 0)
                        if t.district_id == school.district_id
                        else None
                        for t in types
                    ],
                    "total": counts.get("total", 0),
                    "done": counts.get("done", 0),
                    "cycles": [counts.get(f"c{n}", 0) for n in (1, 2, 3)],
                    "hours": hours[school.pk],
                }
            )
        return super().get_context_data(
            year=year,
            years=_years(SchoolYear.current()),
            types=types,
            rows=rows,
            page_obj=page,
            without=sum(1 for r in rows if r["total"] == 0),
            target=sel.PHARE_HOURS,
            **kwargs,
        )


class HoursView(PermissionRequiredMixin, TemplateView):
    """Hours of prevention lessons per class: the district sees every school, a director theirs."""

    permission = "action.view"
    template_name = "prevention/actions/hours.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        year = _year(self.request)
        schools = sel.ecoles(School.objects.visible_to(user, "action.view")).order_by("name")
        uai = self.request.GET.get("ecole", "")
        chosen = schools.filter(uai=uai).first() if uai else None
        if chosen is None:
            chosen = schools.first() if schools[:2].count() == 1 else None
        classes = []
        if chosen is not None:
            classes = sel.class_hours(Classroom.objects.filter(school=chosen), year)
        return super().get_context_data(
            year=year,
            years=_years(SchoolYear.current()),
            schools=schools if has_perm(user, "action.coverage") or not chosen else None,
            school=chosen,
            classes=classes,
            target=sel.PHARE_HOURS,
            **kwargs,
        )


urlpatterns = [
    path("actions/couverture/", CoverageView.as_view(), name="action-coverage"),
    path("actions/heures/", HoursView.as_view(), name="action-hours"),
]
