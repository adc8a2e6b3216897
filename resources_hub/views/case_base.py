"""What every page of one case shares: the right, then the case in scope, then the method
(``CaseMixin``); form pages of a case (``CaseFormMixin``); the case page's constants."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from directory import audit
from directory.forms_base import build_form_helper
from directory.models import Role
from directory.permissions import (
    POLE_SEAT,
    check_access,
    get_scoped_or_404,
)
from resources_hub.models import (
    Case,
    CaseEventKind,
    CaseStatus,
    HandlerKind,
    PartyRole,
)
from resources_hub.permissions import handler_rights

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
