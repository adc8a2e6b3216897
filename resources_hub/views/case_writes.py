"""Writes on one case: its record, its steps, the chronology, its pupils and the préoccupation
partagée sessions. Each goes through ``CaseFormMixin`` and a service."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView, View

from directory.models import Classroom, SchoolYear
from resources_hub import services
from resources_hub.forms.cases import (
    CaseEditForm,
    CaseEventForm,
    CasePartyForm,
    PikasSessionForm,
    TransitionForm,
)
from resources_hub.models import (
    CaseStatus,
)
from resources_hub.services import StaleVersion, TransitionRefused
from resources_hub.services import cases as case_services
from resources_hub.views.case_base import CaseFormMixin, CaseMixin, _detail_url


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


_CASE = "situations/<ref:reference>/"

urlpatterns = [
    path(f"{_CASE}modifier/", CaseEditView.as_view(), name="case-edit"),
    path(f"{_CASE}etape/", CaseTransitionView.as_view(), name="case-transition"),
    path(f"{_CASE}chronologie/ajouter/", CaseEventAddView.as_view(), name="case-event-add"),
    path(f"{_CASE}eleves/ajouter/", CasePartyAddView.as_view(), name="case-party-add"),
    path(
        f"{_CASE}preoccupation-partagee/ajouter/",
        CasePikasAddView.as_view(),
        name="case-pikas-add",
    ),
]
