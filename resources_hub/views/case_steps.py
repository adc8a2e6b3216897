"""The protocol's steps on a case: request for the pôle, adult referent, qualification,
escalation, the préoccupation partagée team and the change of school. Each page goes through
``CaseMixin`` (right, then scope, then method) and each write through ``services.protocol``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView

from directory.models import School
from directory.permissions import can, has_perm
from resources_hub.forms.protocol import (
    EscalateForm,
    MppTeamForm,
    PoleRequestForm,
    QualifyForm,
    ReferentForm,
    TransferForm,
)
from resources_hub.models import PartyRole
from resources_hub.services import (
    AlreadyDone,
    StaleVersion,
    TransitionRefused,
    protocol,
    transfer,
)
from resources_hub.views.case_base import CaseFormMixin, _detail_url

TEMPLATE = "resources_hub/cases/form_page.html"


class _StepView(CaseFormMixin, FormView):
    template_name = TEMPLATE

    def form_valid(self, form):
        try:
            self.save(form)
        except AlreadyDone:
            pass  # a double click: the first request did it; report it as done
        except (StaleVersion, TransitionRefused) as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(_detail_url(self.case, self.anchor))


class PoleRequestView(_StepView):
    permission = "case.request_pole"
    form_class = PoleRequestForm
    page_title = "Demander l'appui du pôle ressources"
    intro = (
        "L'IEN est prévenu·e de votre demande et mobilise un membre du pôle, qui prendra "
        "contact avec vous."
    )
    audit_detail = "demande d'appui au pôle (formulaire)"
    success_message = "Votre demande est transmise à l'IEN."
    submit_label = "Demander l'appui du pôle"
    anchor = "demarches"

    def save(self, form) -> None:
        protocol.pole_request(
            case=self.case,
            user=self.request.user,
            expected_version=form.cleaned_data["version"],
            note=form.cleaned_data["note"],
            request=self.request,
        )


class QualifyView(_StepView):
    form_class = QualifyForm
    page_title = "Qualifier la situation"
    intro = (
        "Le harcèlement se reconnaît à trois critères : la répétition, le rapport de force et "
        "l'isolement de l'élève cible. Indiquez ceux qui sont retenus et la réponse choisie."
    )
    audit_detail = "qualification (formulaire)"
    success_message = "La qualification est enregistrée."
    submit_label = "Enregistrer la qualification"
    anchor = "qualification"

    def save(self, form) -> None:
        data = form.cleaned_data
        protocol.case_qualify(
            case=self.case,
            user=self.request.user,
            expected_version=data["version"],
            repetition=data["repetition"],
            power=data["power"],
            isolation=data["isolation"],
            track=data["track"],
            on=data["on"],
            request=self.request,
        )


class EscalateView(_StepView):
    form_class = EscalateForm
    page_title = "Escalader la situation"
    intro = (
        "La situation persiste : indiquez vers qui elle est escaladée et les mesures décidées. "
        "L'IEN est prévenu·e."
    )
    audit_detail = "escalade (formulaire)"
    success_message = "La situation est escaladée."
    submit_label = "Escalader"
    anchor = "qualification"

    def save(self, form) -> None:
        data = form.cleaned_data
        protocol.case_escalate(
            case=self.case,
            user=self.request.user,
            expected_version=data["version"],
            to=data["to"],
            measures=data["measures"],
            comment=data["comment"],
            request=self.request,
        )


class MppTeamView(_StepView):
    form_class = MppTeamForm
    page_title = "Équipe de la préoccupation partagée"
    intro = (
        "De 3 à 10 adultes de l'école ou du pôle. Les entretiens avec les élèves "
        "intimidateur·rices sont menés par d'autres adultes que celui ou celle qui a reçu "
        "l'élève cible."
    )
    audit_detail = "équipe MPP (formulaire)"
    success_message = "L'équipe de la préoccupation partagée est enregistrée."
    submit_label = "Enregistrer l'équipe"
    anchor = "mpp"

    def extra_form_kwargs(self) -> dict:
        return {"candidates": protocol.mpp_team_candidates(self.case)}

    def get_initial(self):
        return {"members": list(self.case.mpp_team.values_list("pk", flat=True))}

    def save(self, form) -> None:
        protocol.mpp_team_set(
            case=self.case,
            members=form.cleaned_data["members"],
            user=self.request.user,
            request=self.request,
        )


class ReferentView(_StepView):
    form_class = ReferentForm
    page_title = "Désigner l'adulte référent·e"
    intro = (
        "Protection immédiate : un·e adulte que l'élève cible peut aller voir à tout moment, "
        "et la vigilance de tous les adultes, périscolaire compris."
    )
    audit_detail = "adulte référent·e (formulaire)"
    success_message = "L'adulte référent·e est désigné·e."
    submit_label = "Désigner"
    anchor = "eleves"

    def dispatch(self, request, *args, **kwargs):
        self.party_pk = kwargs["party"]
        return super().dispatch(request, *args, **kwargs)

    def get_party(self):
        party = self.case.parties.filter(pk=self.party_pk, role=PartyRole.TARGET).first()
        if party is None:
            raise Http404
        return party

    def extra_form_kwargs(self) -> dict:
        self.party = self.get_party()
        return {"candidates": protocol.mpp_team_candidates(self.case)}

    def save(self, form) -> None:
        protocol.referent_set(
            party=self.party,
            referent=form.cleaned_data["referent"],
            on=form.cleaned_data["named_on"],
            user=self.request.user,
            request=self.request,
        )


class TransferView(_StepView):
    permission = "case.transfer"
    form_class = TransferForm
    page_title = "Changement d'école"
    intro = (
        "L'élève change d'école dans la circonscription, ou un·e élève de CM2 entre au collège "
        "de secteur. Transfert : la direction qui accueille l'élève reçoit l'accès, celle "
        "d'origine le perd (elle garde la fiche bilan qu'elle a signée). Restitution : la "
        "situation reste à l'école, la restitution est notée. Tout est journalisé."
    )
    audit_detail = "changement d'école (formulaire)"
    success_message = "Le changement d'école est enregistré."
    submit_label = "Enregistrer"

    def extra_form_kwargs(self) -> dict:
        school = self.case.school
        schools = School.objects.filter(
            Q(district_id=school.district_id) | Q(pk=school.sector_college_id)
        ).exclude(pk=school.pk)
        return {"schools": schools.order_by("name")}

    def save(self, form) -> None:
        data = form.cleaned_data
        transfer.case_transfer(
            case=self.case,
            to_school=data["to_school"],
            kind=data["kind"],
            note=data["note"],
            user=self.request.user,
            request=self.request,
        )

    def form_valid(self, form):
        response = super().form_valid(form)
        self.case.refresh_from_db()
        if response.status_code == 302 and not can(self.request.user, "case.view", self.case):
            if has_perm(self.request.user, "transfer.copy_view"):
                return redirect("resources_hub:transfer-copy-list")
            return redirect("resources_hub:case-list")
        return response


_CASE = "situations/<ref:reference>/"

urlpatterns = [
    path(f"{_CASE}appui-pole/", PoleRequestView.as_view(), name="case-pole-request"),
    path(f"{_CASE}qualification/", QualifyView.as_view(), name="case-qualify"),
    path(f"{_CASE}escalade/", EscalateView.as_view(), name="case-escalate"),
    path(f"{_CASE}equipe-mpp/", MppTeamView.as_view(), name="case-mpp-team"),
    path(f"{_CASE}eleves/<int:party>/referent/", ReferentView.as_view(), name="case-referent"),
    path(f"{_CASE}changement-ecole/", TransferView.as_view(), name="case-transfer"),
]
