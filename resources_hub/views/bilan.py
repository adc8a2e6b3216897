"""The fiche bilan of a situation: edit (drafts, sign-off), versions, PDF and restitution.

Concurrent edits: the page carries the version it was loaded from and ``services.bilan_save``
refuses a save made on an older one, so nobody's text is silently overwritten.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from directory import audit, ratelimit
from directory.pdf import cap_text, pdf_response, render_pdf
from directory.permissions import can, get_scoped_or_404, permission_required, refuse
from resources_hub import services
from resources_hub.forms.bilan import BilanForm
from resources_hub.models import Case, FicheBilan, RestitutionTo
from resources_hub.models.bilan import BILAN_SECTIONS
from resources_hub.services import bilan as bilan_services

PERM = "bilan.edit"


def _case(request, reference: str) -> Case:
    return get_scoped_or_404(
        request, Case.objects.select_related("school__district"), PERM, reference=reference
    )


def _fiche(case: Case) -> FicheBilan:
    """The saved fiche, or a blank unsaved one: reading never creates it (only a save does)."""
    fiche = FicheBilan.objects.select_related("signed_by").filter(case=case).first()
    return fiche or FicheBilan(case=case)


def _related(fiche: FicheBilan) -> dict:
    """Members, pupils and mobilised adults of a saved fiche (none yet for a blank one)."""
    if fiche.pk is None:
        return {"members": [], "pupils": [], "mobilised": []}
    return {
        "members": list(fiche.members.select_related("user")),
        "pupils": list(fiche.pupils.select_related("party")),
        "mobilised": list(fiche.mobilised.order_by("last_name", "first_name")),
    }


def _audit_read(request, case: Case, fiche: FicheBilan, detail: str, action: str = "view"):
    if fiche.pk is None:  # nothing written yet: the read is of the case's (blank) fiche
        audit.record(action, request=request, obj=case, detail=f"{detail} (pas encore rédigée)")
    else:
        audit.record(action, request=request, obj=fiche, detail=detail)


def _page(request, case, fiche, form, *, can_sign: bool, status: int = 200) -> HttpResponse:
    can_cosign = fiche.status == FicheBilan.Status.SIGNED and can(
        request.user, "bilan.cosign", case
    )
    return render(
        request,
        "resources_hub/bilan/edit.html",
        {
            "case": case,
            "fiche": fiche,
            "form": form,
            "can_sign": can_sign,
            "can_cosign": can_cosign,
            **_related(fiche),
        },
        status=status,
    )


@permission_required(PERM)
def bilan_edit(request, reference: str) -> HttpResponse:
    """Fill the fiche in drafts; the director (or the IEN) signs it, after which it is read-only."""
    case = _case(request, reference)
    fiche = _fiche(case)
    can_sign = can(request.user, "bilan.sign", case)
    if request.method == "POST" and "cosign" in request.POST:
        return _bilan_cosign(request, case, fiche)
    if request.method == "POST":
        return _bilan_post(request, case, fiche, can_sign=can_sign)
    form = None
    if fiche.status == FicheBilan.Status.DRAFT and case.anonymised_at is None:
        form = BilanForm(
            instance=fiche, initial={"version": fiche.version}, case=case, can_sign=can_sign
        )
    _audit_read(request, case, fiche, "fiche bilan")
    return _page(request, case, fiche, form, can_sign=can_sign)


def _bilan_cosign(request, case, fiche) -> HttpResponse:
    if not can(request.user, "bilan.cosign", case):
        refuse(request, "bilan.cosign", detail=case.reference)
        raise PermissionDenied
    try:
        bilan_services.bilan_cosign(fiche=fiche, user=request.user, request=request)
    except services.StaleVersion as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "La fiche bilan est co-signée.")
    return redirect("resources_hub:bilan-edit", reference=case.reference)


def _bilan_post(request, case, fiche, *, can_sign: bool) -> HttpResponse:
    signing = "sign" in request.POST
    if signing and not can_sign:
        refuse(request, "bilan.sign", detail=case.reference)
        raise PermissionDenied
    form = BilanForm(request.POST, instance=fiche, case=case, can_sign=can_sign, signing=signing)
    if form.is_valid():
        try:
            saved = services.bilan_save(
                case=case,
                user=request.user,
                data=form.cleaned_data,
                mobilised=form.cleaned_data["mobilised"],
                expected_version=form.cleaned_data["version"],
                sign=signing,
                request=request,
            )
        except services.StaleVersion as exc:
            form.add_error(None, str(exc))
        else:
            bilan_services.pupils_save(fiche=saved, values=form.pupil_data())
            if signing:
                messages.success(request, "La fiche bilan est signée.")
            else:
                messages.success(request, f"Brouillon enregistré (version {saved.version}).")
            return redirect("resources_hub:bilan-edit", reference=case.reference)
    return _page(request, case, fiche, form, can_sign=can_sign)


@permission_required(PERM)
def bilan_versions(request, reference: str) -> HttpResponse:
    """Every saved version of the fiche, and the content of the one chosen (read-only)."""
    case = _case(request, reference)
    fiche = _fiche(case)
    versions = []
    if fiche.pk is not None:
        versions = list(fiche.versions.select_related("saved_by").order_by("-number"))
    chosen, not_found = None, False
    wanted = request.GET.get("v", "")
    if wanted:
        chosen = next((v for v in versions if str(v.number) == wanted.strip()), None)
        not_found = chosen is None
    sections = []
    if chosen is not None:
        sections = [(label, chosen.data.get(name, "")) for name, label in BILAN_SECTIONS]
    _audit_read(
        request,
        case,
        fiche,
        f"versions de la fiche bilan{f' (version {chosen.number})' if chosen else ''}",
    )
    return render(
        request,
        "resources_hub/bilan/versions.html",
        {
            "case": case,
            "fiche": fiche,
            "versions": versions,
            "chosen": chosen,
            "not_found": not_found,
            "sections": sections,
        },
    )


def bilan_pdf_context(case: Case, fiche: FicheBilan, *, restitution: bool) -> dict:
    """What the PDF shows. The restitution goes to other directors: no pupil label at all."""
    context = {"case": case, "school": case.school, "district": case.school.district}
    context["fiche"] = fiche
    context["restitution"] = restitution
    if restitution:
        context["feedback"] = cap_text(services.pseudonymise(fiche.feedback, case))
        context["letter_date"] = fiche.restitution_on or timezone.localdate()
        context["restitution_to"] = [
            RestitutionTo(v).label for v in fiche.restitution_to if v in RestitutionTo.values
        ]
        return context
    context.update(_related(fiche))
    context["sections"] = [(label, cap_text(text)) for label, text in fiche.section_values()]
    context["parties"] = list(case.parties.select_related("classroom"))
    return context


@permission_required(PERM)
def bilan_pdf(request, reference: str) -> HttpResponse:
    """The fiche as a PDF, or with ``?restitution=1`` the short feedback for the directors."""
    case = _case(request, reference)
    fiche = _fiche(case)
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    restitution = request.GET.get("restitution") == "1"
    content = render_pdf(
        "pdf/fiche_bilan.html", bilan_pdf_context(case, fiche, restitution=restitution)
    )
    label = "restitution synthétique" if restitution else "fiche bilan"
    _audit_read(request, case, fiche, f"{label} (PDF)", action="export")
    prefix = "restitution" if restitution else "fiche-bilan"
    return pdf_response(content, f"{prefix}-{case.reference}.pdf")


urlpatterns = [
    path("situations/<ref:reference>/bilan/", bilan_edit, name="bilan-edit"),
    path("situations/<ref:reference>/bilan/versions/", bilan_versions, name="bilan-versions"),
    path("situations/<ref:reference>/bilan/pdf/", bilan_pdf, name="bilan-pdf"),
]
