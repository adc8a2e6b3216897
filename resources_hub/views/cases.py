"""Situations (case files): the list, opening, the case page and everything written in it.

Every page about one case goes through ``CaseMixin``: the right first (403), then the case looked
up inside the user's scope whatever the HTTP method (404 and a refused audit row), then the
method. Each GET of a case page writes one "view" audit row; each write goes through a service.
"""

from operator import itemgetter

from django.contrib import messages
from django.db.models import Case as SqlCase
from django.db.models import Prefetch, When
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import DetailView, FormView
from django_filters.views import FilterView

from directory import audit
from directory.converters import parse_id
from directory.models import Classroom, School, SchoolYear
from directory.permissions import (
    ScopedListMixin,
    can,
    check_access,
    get_scoped_or_404,
    has_perm,
    refuse,
)
from resources_hub.filters import CaseFilter
from resources_hub.forms.cases import (
    CLOSING_SENTENCE,
    CaseCreateForm,
)
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    PikasSession,
    Report,
)
from resources_hub.services import cases as case_services
from resources_hub.services import protocol
from resources_hub.views.case_base import (
    BILAN_STATUSES,
    MIRRORED_KINDS,
    PARTY_ORDER,
    TRANSITION_VERBS,
    CaseMixin,
    _detail_url,
)

# --- The list and opening ---


class CaseListView(ScopedListMixin, FilterView):
    permission = "case.view"
    model = Case
    filterset_class = CaseFilter
    template_name = "resources_hub/cases/list.html"
    paginate_by = 25

    def get_queryset(self):
        return super().get_queryset().select_related("school")

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        schools = School.objects.visible_to(self.request.user, self.permission).order_by("name")
        kwargs["schools"] = schools if len(schools[:2]) > 1 else None
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            today=timezone.localdate(),
            can_create=has_perm(self.request.user, "case.create"),
            todo=self.filterset.active_todo(),
            transfer_copies=has_perm(self.request.user, "transfer.copy_view"),
            **kwargs,
        )
        audit.record_list_page(
            self.request, context, object_type="resources_hub.case", label="liste des situations"
        )
        return context


class CaseCreateView(FormView):
    """Open a situation, possibly from a report (``?report=<pk>``, which must be in scope): the
    right first, then the report, then the method."""

    permission = "case.create"
    form_class = CaseCreateForm
    template_name = "resources_hub/cases/create.html"

    def dispatch(self, request, *args, **kwargs):
        response = check_access(request, self.permission)
        if response is not None:
            return response
        self.report = self._report_from_query()
        if self.report is not None and self.report.case_id:
            messages.info(request, "Ce signalement est déjà rattaché à une situation.")
            return redirect(_detail_url(self.report.case))
        return super().dispatch(request, *args, **kwargs)

    def _report_from_query(self) -> Report | None:
        value = self.request.GET.get("report")
        if value is None:
            return None
        if parse_id(value) is None:
            refuse(self.request, "report.manage", detail=f"report={value[:20]}")
            raise Http404
        return get_scoped_or_404(
            self.request,
            Report.objects.select_related("school", "case"),
            "report.manage",
            pk=parse_id(value),
        )

    def get(self, request, *args, **kwargs):
        if self.report is not None:
            audit.record("view", request=request, obj=self.report, detail="ouverture de situation")
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        schools = School.objects.visible_to(self.request.user, self.permission).order_by("name")
        fixed = self.report.school if self.report else None
        if fixed is None:
            first_two = list(schools[:2])
            fixed = first_two[0] if len(first_two) == 1 else None
        classrooms = None
        if fixed is not None:
            classrooms = Classroom.objects.filter(school=fixed, year=SchoolYear.current()).order_by(
                "name"
            )
        kwargs.update(schools=schools, fixed_school=fixed, classrooms=classrooms)
        return kwargs

    def get_initial(self):
        if self.report is None:
            return {}
        report = self.report
        return {
            "summary": report.description,
            "reported_on": timezone.localdate(report.created_at),
            "party_label": report.pupil_label,
            "party_role": "target" if report.pupil_label else "",
            "party_class_label": report.class_label,
        }

    def form_valid(self, form):
        case = case_services.case_open_once(
            school=form.chosen_school(),
            user=self.request.user,
            data=form.case_data(),
            parties=form.parties(),
            idempotency_key=form.key_for(self.request.user),
            from_report=self.report,
            request=self.request,
        )
        messages.success(self.request, f"La situation {case.reference} est ouverte.")
        return redirect(_detail_url(case))

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.report, **kwargs)


def parties_in_order():
    """The élève cible first, then support, witnesses and presumed authors."""
    rank = SqlCase(
        *(When(role=role, then=i) for i, role in enumerate(PARTY_ORDER)),
        default=len(PARTY_ORDER),
    )
    return CaseParty.objects.select_related("classroom", "referent").order_by(rank, "pk")


def chronology(case: Case) -> list[dict]:
    """Events, steps and préoccupation partagée talks of a case, merged in date order."""
    items = [
        {"type": "event", "on": e.occurred_on, "at": e.created_at, "item": e}
        for e in case.events.all()
    ]
    items += [
        {"type": "transition", "on": timezone.localdate(t.at), "at": t.at, "item": t}
        for t in case.transitions.all()
    ]
    items += [
        {"type": "pikas", "on": s.held_on, "at": s.created_at, "item": s}
        for s in case.pikas_sessions.all()
    ]
    return sorted(items, key=itemgetter("on", "at"))


def checklist_rows(case: Case) -> list[tuple[str, object, str]]:
    """Each protocol item with its date and who recorded it (from the chronology)."""
    recorders = {
        e.checklist_item: e.author.display_name if e.author else "—"
        for e in case.events.all()
        if e.checklist_item
    }
    items = {**case_services.ACTION_CHECKLIST, **case_services.CHECKLIST_FIELDS}
    order = ["ien_informed_on", "psychologue_informed_on", "medecin_informed_on"]
    order += [*case_services.ACTION_CHECKLIST, *case_services.CHECKLIST_FIELDS]
    seen, rows = set(), []
    for name in order:
        if name not in seen:
            seen.add(name)
            rows.append((items[name], getattr(case, name), recorders.get(name, "")))
    return rows


class CaseDetailView(CaseMixin, DetailView):
    template_name = "resources_hub/cases/detail.html"
    context_object_name = "case"

    def case_queryset(self):
        return (
            super()
            .case_queryset()
            .prefetch_related(
                Prefetch("parties", queryset=parties_in_order()),
                Prefetch(
                    "handlers",
                    queryset=CaseHandler.objects.select_related("user").order_by(
                        "kind", "added_at"
                    ),
                ),
                Prefetch(
                    "events",
                    queryset=CaseEvent.objects.exclude(kind__in=MIRRORED_KINDS).select_related(
                        "author", "party"
                    ),
                ),
                Prefetch("transitions", queryset=CaseTransition.objects.select_related("by")),
                Prefetch("pikas_sessions", queryset=PikasSession.objects.select_related("party")),
                "mpp_team",
                "attachments",
                Prefetch("reports", queryset=Report.objects.order_by("created_at")),
            )
        )

    def get_object(self, queryset=None):
        return self.case

    def get_context_data(self, **kwargs):
        case, user = self.case, self.request.user
        can_edit = can(user, "case.edit", case)
        return super().get_context_data(
            today=timezone.localdate(),
            checklist=checklist_rows(case),
            can_contribute=can_edit or can(user, "case.contribute", case),
            can_request_pole=case.pole_requested_on is None
            and has_perm(user, "case.request_pole")
            and can(user, "case.request_pole", case),
            can_transfer=has_perm(user, "case.transfer") and can(user, "case.transfer", case),
            mpp_alert=protocol.mpp_alert(case, sessions=case.pikas_sessions.all()),
            mpp_warnings=protocol.mpp_warnings(case, sessions=case.pikas_sessions.all()),
            mpp_team=case.mpp_team.all(),
            can_escalate=can_edit and CaseStatus.ESCALATED in case.allowed_transitions(),
            chronology=chronology(case),
            can_edit=can_edit,
            can_assign=has_perm(user, "case.assign") and can(user, "case.assign", case),
            transitions=self._transitions() if can_edit else [],
            closing_sentence=CLOSING_SENTENCE,
            needs_confirmation=CaseStatus.CLOSED in case.allowed_transitions(),
            show_bilan=case.status in BILAN_STATUSES,
            **kwargs,
        )

    def _transitions(self) -> list[tuple[str, str]]:
        return [
            (status, TRANSITION_VERBS[status])
            for status in self.case.allowed_transitions()
            if status != CaseStatus.ESCALATED
        ]


_CASE = "situations/<ref:reference>/"

urlpatterns = [
    path("situations/", CaseListView.as_view(), name="case-list"),
    path("situations/nouvelle/", CaseCreateView.as_view(), name="case-create"),
    path(_CASE, CaseDetailView.as_view(), name="case-detail"),
]
