"""The people and files of one case: its handlers (who may do what) and its attachments."""

import os

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView, View

from directory import audit
from directory.forms_base import build_form_helper
from directory.models import Role, RoleAssignment, User
from directory.permissions import (
    refuse,
)
from resources_hub import services
from resources_hub.forms.cases import (
    AttachmentForm,
    HandlerAddForm,
    HandlerRemoveForm,
)
from resources_hub.models import (
    Case,
    HandlerKind,
    PoleMember,
)
from resources_hub.services import cases as case_services
from resources_hub.services import protocol
from resources_hub.uploads import ALLOWED
from resources_hub.views.case_base import HANDLER_RIGHTS, CaseFormMixin, CaseMixin, _detail_url


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
