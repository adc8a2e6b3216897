"""Situations (case files): the list, opening, the case page and everything written in it.

Every page about one case goes through ``CaseMixin``: the right first (403), then the case looked
up inside the user's scope whatever the HTTP method (404 and a refused audit row), then the
method. Each GET of a case page writes one "view" audit row; each write goes through a service.
"""

import os
from operator import itemgetter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case as SqlCase
from django.db.models import Exists, OuterRef, Prefetch, Q, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import DetailView, FormView, View
from django_filters.views import FilterView

from directory import audit
from directory.converters import parse_id
from directory.forms_base import build_form_helper
from directory.models import Classroom, Role, RoleAssignment, School, SchoolYear, User
from directory.permissions import (
    POLE_SEAT,
    ScopedListMixin,
    can,
    check_access,
    get_scoped_or_404,
    has_perm,
    refuse,
)
from resources_hub import services
from resources_hub.filters import CaseFilter
from resources_hub.forms.cases import (
    CLOSING_SENTENCE,
    AttachmentForm,
    CaseCreateForm,
    CaseEditForm,
    CaseEventForm,
    CasePartyForm,
    HandlerAddForm,
    HandlerRemoveForm,
    PikasSessionForm,
    TransitionForm,
)
from resources_hub.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseHandler,
    CaseParty,
    CaseStatus,
    CaseTransition,
    HandlerKind,
    PartyRole,
    PikasSession,
    PoleMember,
    Report,
)
from resources_hub.permissions import handler_rights
from resources_hub.services import StaleVersion, TransitionRefused, protocol
from resources_hub.services import cases as case_services
from resources_hub.uploads import ALLOWED

PARTY_ORDER = (PartyRole.TARGET, PartyRole.SUPPORT, PartyRole.WITNESS, PartyRole.AUTHOR)
BILAN_STATUSES = (CaseStatus.FOLLOW_UP, CaseStatus.CLOSED)
# Events whose richer record (a transition, a PIKAS session) is shown in the chronology instead.
MIRRORED_KINDS = (CaseEventKind.TRANSITION, CaseEventKind.PIKAS)
TRANSITION_VERBS = {
    CaseStatus.ASSESSMENT: "Passer en évaluation",
    CaseStatus.HANDLING: "Passer en prise en charge",
    CaseStatus.FOLLOW_UP: "Passer en suivi",
    CaseStatus.CLOSED: "Clore la situation",
    CaseStatus.NOT_BULLYING: "Qualifier « non constitutive de harcèlement »",
}
REOPEN_VERB = "Rouvrir la situation"
TRANSITION_VERBS[CaseStatus.REOPENED] = REOPEN_VERB
# What each kind of handler may do, read from the permission table (never written by hand).
HANDLER_RIGHTS = [
    (HandlerKind.POLE.label, handler_rights(POLE_SEAT)),
    (HandlerKind.TEACHER.label, handler_rights(Role.TEACHER)),
]


def _detail_url(case: Case, anchor: str = "") -> str:
    url = reverse("resources_hub:case-detail", kwargs={"reference": case.reference})
    return f"{url}#{anchor}" if anchor else url


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


# --- Pages of one case ---


class CaseMixin:
    """The right, then the case in scope (any method), then the method; one "view" row per GET."""

    permission = "case.view"
    audit_detail: str | None = ""
    writes = False

    def case_queryset(self):
        return Case.objects.select_related("school", "school__district")

    def dispatch(self, request, *args, **kwargs):
        response = check_access(request, self.permission)
        if response is not None:
            return response
        self.case = get_scoped_or_404(
            request, self.case_queryset(), self.permission, reference=kwargs["reference"]
        )
        if self.writes and self.case.anonymised_at is not None:
            messages.error(request, "Cette situation est anonymisée : elle n'est plus modifiable.")
            return redirect(_detail_url(self.case))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.audit_detail is not None:
            audit.record("view", request=request, obj=self.case, detail=self.audit_detail)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            case=self.case,
            page_title=getattr(self, "page_title", ""),
            intro=getattr(self, "intro", ""),
            **kwargs,
        )


class CaseFormMixin(CaseMixin):
    """A form page of a case: the form gets the case, success goes back to the case page."""

    permission = "case.edit"
    writes = True
    anchor = ""
    success_message = ""
    submit_label = "Enregistrer"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not hasattr(form, "helper"):
            form.helper = build_form_helper(self.submit_label)
        return form

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.extra_form_kwargs()}

    def extra_form_kwargs(self) -> dict:
        return {"case": self.case}

    def form_valid(self, form):
        self.save(form)
        messages.success(self.request, self.success_message)
        return redirect(_detail_url(self.case, self.anchor))

    def save(self, form) -> None:
        raise NotImplementedError


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


class CaseEditView(CaseFormMixin, FormView):
    form_class = CaseEditForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Modifier la situation"
    intro = (
        "Enregistrez ici les dates des démarches faites (IEN, « Faits établissement », famille, "
        "procureur, information préoccupante) : le portail les note, il ne remplace pas ces "
        "outils."
    )
    audit_detail = "modification (formulaire)"

    def extra_form_kwargs(self) -> dict:
        return {"instance": self.case}

    def form_valid(self, form):
        try:
            case_services.case_update(
                case=self.case,
                user=self.request.user,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                request=self.request,
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, "La situation est enregistrée.")
        return redirect(_detail_url(self.case))


class CaseTransitionView(CaseMixin, View):
    """POST only: one step along the protocol, from the buttons of the case page."""

    permission = "case.edit"
    http_method_names = ["post"]
    writes = True

    def post(self, request, *args, **kwargs):
        form = TransitionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(_detail_url(self.case))
        to_status = form.cleaned_data["to_status"]
        try:
            services.case_transition(
                case=self.case,
                to_status=to_status,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                comment=form.cleaned_data["comment"],
                justification=form.cleaned_data["justification"],
                request=request,
            )
        except (TransitionRefused, StaleVersion) as exc:
            messages.error(request, str(exc))
        else:
            label = CaseStatus(to_status).label
            messages.success(request, f"La situation est passée à l'étape « {label} ».")
        return redirect(_detail_url(self.case))


class CaseEventAddView(CaseFormMixin, FormView):
    permission = "case.contribute"
    form_class = CaseEventForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Ajouter à la chronologie"
    intro = (
        "Entretiens (élève cible, témoins, présumé·es auteur·rices, familles), mesures de "
        "protection, contacts avec les familles, notes : les faits et décisions, sans détail "
        "médical ou psychologique."
    )
    audit_detail = "ajout à la chronologie (formulaire)"
    anchor = "chronologie"
    success_message = "L'événement est ajouté à la chronologie."
    submit_label = "Ajouter à la chronologie"

    def save(self, form) -> None:
        services.case_event_add(
            case=self.case,
            user=self.request.user,
            data=form.event_data(),
            idempotency_key=form.key_for(self.request.user),
            request=self.request,
        )


class CasePartyAddView(CaseFormMixin, FormView):
    form_class = CasePartyForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Ajouter un·e élève"
    intro = (
        "Prénom et initiale (ou initiales) et classe seulement : jamais de nom complet, de date de"
        " naissance ni de détail médical ou psychologique."
    )
    audit_detail = "ajout d'un·e élève (formulaire)"
    anchor = "eleves"
    success_message = "L'élève est ajouté·e à la situation."
    submit_label = "Ajouter l'élève"

    def extra_form_kwargs(self) -> dict:
        classrooms = Classroom.objects.filter(
            school=self.case.school, year=SchoolYear.current()
        ).order_by("name")
        return {"classrooms": classrooms}

    def save(self, form) -> None:
        case_services.case_party_add(
            case=self.case,
            user=self.request.user,
            data=form.party_data(),
            idempotency_key=form.key_for(self.request.user),
            request=self.request,
        )


class CasePikasAddView(CaseFormMixin, FormView):
    permission = "case.contribute"
    form_class = PikasSessionForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Entretien de préoccupation partagée"
    intro = (
        "Méthode de la préoccupation partagée (PIKAS) : un premier entretien avec chaque élève, "
        "puis des entretiens de suivi jusqu'à ce que chacun propose quelque chose. Notes courtes, "
        "sans détail médical ou psychologique."
    )
    audit_detail = "entretien de préoccupation partagée (formulaire)"
    anchor = "chronologie"
    success_message = "L'entretien de préoccupation partagée est enregistré."
    submit_label = "Enregistrer l'entretien"

    def get_initial(self):
        return {"led_by": self.request.user.display_name}

    def save(self, form) -> None:
        case_services.pikas_session_add(
            case=self.case,
            user=self.request.user,
            data=form.session_data(),
            idempotency_key=form.key_for(self.request.user),
            request=self.request,
        )


def handler_candidates(case: Case):
    """Who may join: an active member of a pôle covering the case's district (whatever their main
    role: a director on the pôle is offered too), or the school's director and teachers."""
    active = RoleAssignment.objects.active()
    seats = PoleMember.objects.filter(is_active=True, pole__districts=case.school.district_id)
    legacy = active.filter(role=Role.POLE_MEMBER, district_id=case.school.district_id)
    teachers = active.filter(role=Role.TEACHER, school_id=case.school_id)
    directors = active.filter(role=Role.DIRECTOR, school_id=case.school_id)
    pole = Q(pk__in=seats.values("user")) | Q(pk__in=legacy.values("user"))
    return (
        User.objects.filter(is_active=True)
        .filter(pole | Q(pk__in=teachers.values("user")) | Q(pk__in=directors.values("user")))
        .exclude(handled_cases__case=case)
        .annotate(
            is_pole=Exists(seats.filter(user=OuterRef("pk")))
            | Exists(legacy.filter(user=OuterRef("pk"))),
            is_teacher=Exists(teachers.filter(user=OuterRef("pk"))),
        )
        .order_by("last_name", "first_name", "username")
    )


def handler_kind(person) -> str:
    if person.is_pole:
        return HandlerKind.POLE
    return HandlerKind.TEACHER if person.is_teacher else HandlerKind.SCHOOL


class CaseHandlersView(CaseMixin, FormView):
    """The IEN or the district team lists, adds and removes who handles the case."""

    permission = "case.assign"
    writes = True
    form_class = HandlerAddForm
    template_name = "resources_hub/cases/handlers.html"
    audit_detail = "intervenant·es"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "candidates": handler_candidates(self.case)}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.helper = build_form_helper("Ajouter au suivi")
        return form

    def post(self, request, *args, **kwargs):
        if "remove" not in request.POST:
            return super().post(request, *args, **kwargs)
        form = HandlerRemoveForm(request.POST, case=self.case)
        if form.is_valid():
            handler = form.cleaned_data["remove"]
            services.case_handler_remove(
                case=self.case, handler_id=handler.pk, user=request.user, request=request
            )
            messages.success(request, f"{handler.user.display_name} ne suit plus la situation.")
        else:
            messages.error(request, "Cette personne ne fait pas partie des intervenant·es.")
        return redirect(self._url())

    def form_valid(self, form):
        person = form.cleaned_data["user"]
        kind = handler_kind(person)
        services.case_handler_add(
            case=self.case, handler=person, kind=kind, user=self.request.user, request=self.request
        )
        if kind == HandlerKind.POLE:
            protocol.mark_mobilised(case=self.case, user=self.request.user)
        messages.success(self.request, f"{person.display_name} suit désormais la situation.")
        return redirect(self._url())

    def _url(self) -> str:
        return reverse("resources_hub:case-handlers", kwargs={"reference": self.case.reference})

    def get_context_data(self, **kwargs):
        handlers = self.case.handlers.select_related("user").order_by("kind", "added_at")
        return super().get_context_data(handlers=handlers, rights=HANDLER_RIGHTS, **kwargs)


class CaseAttachmentAddView(CaseFormMixin, FormView):
    form_class = AttachmentForm
    template_name = "resources_hub/cases/form_page.html"
    page_title = "Ajouter une pièce jointe"

    @property
    def intro(self) -> str:
        limit = settings.HZ_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        return (
            f"PDF, PNG ou JPEG de {limit} Mo au plus. Le type est vérifié d'après le contenu du "
            "fichier ; les photos sont enregistrées sans leurs métadonnées (lieu, appareil). Ni "
            "nom d'élève dans le nom du fichier, ni document médical ou psychologique."
        )

    audit_detail = "ajout d'une pièce jointe (formulaire)"
    anchor = "pieces-jointes"
    submit_label = "Envoyer le fichier"

    def extra_form_kwargs(self) -> dict:
        return {}

    def form_valid(self, form):
        try:
            case_services.attachment_add_once(
                case=self.case,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                user=self.request.user,
                idempotency_key=form.key_for(self.request.user),
                request=self.request,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, "La pièce jointe est ajoutée.")
        return redirect(_detail_url(self.case, self.anchor))


class CaseAttachmentView(CaseMixin, View):
    """Download a file of the case: its checked type, a neutral name, never shown inline."""

    http_method_names = ["get"]
    audit_detail = None

    def get(self, request, *args, **kwargs):
        attachment = self.case.attachments.filter(pk=kwargs["pk"]).first()
        if attachment is None:
            refuse(request, self.permission, detail=f"{self.case.reference} pièce {kwargs['pk']}")
            raise Http404
        try:
            handle = attachment.file.open("rb")
        except (FileNotFoundError, ValueError):
            raise Http404("Ce fichier n'est plus disponible.") from None
        extension = os.path.splitext(attachment.stored_name)[1].lower()
        if extension not in ALLOWED.values():
            extension = ".bin"
        audit.record(
            "export", request=request, obj=self.case, detail=f"pièce jointe n° {attachment.pk}"
        )
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{self.case.reference}-piece-{attachment.pk}{extension}",
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


_CASE = "situations/<ref:reference>/"

urlpatterns = [
    path("situations/", CaseListView.as_view(), name="case-list"),
    path("situations/nouvelle/", CaseCreateView.as_view(), name="case-create"),
    path(_CASE, CaseDetailView.as_view(), name="case-detail"),
    path(f"{_CASE}modifier/", CaseEditView.as_view(), name="case-edit"),
    path(f"{_CASE}etape/", CaseTransitionView.as_view(), name="case-transition"),
    path(f"{_CASE}chronologie/ajouter/", CaseEventAddView.as_view(), name="case-event-add"),
    path(f"{_CASE}eleves/ajouter/", CasePartyAddView.as_view(), name="case-party-add"),
    path(
        f"{_CASE}preoccupation-partagee/ajouter/",
        CasePikasAddView.as_view(),
        name="case-pikas-add",
    ),
    path(f"{_CASE}intervenants/", CaseHandlersView.as_view(), name="case-handlers"),
    path(
        f"{_CASE}pieces-jointes/ajouter/",
        CaseAttachmentAddView.as_view(),
        name="case-attachment-add",
    ),
    path(
        f"{_CASE}pieces-jointes/<int:pk>/",
        CaseAttachmentView.as_view(),
        name="case-attachment",
    ),
]
