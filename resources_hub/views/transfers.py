"""What the sending school keeps after a change of school: the fiche bilan it signed.

A transfer ends the sending school's access to the case; ``services.transfer`` stores a frozen
copy of the signed fiche in ``CaseTransfer.fiche_snapshot``. These pages show that copy, and
nothing else of the case, to the sending school's director and the district's IEN
(``transfer.copy_view``, scoped on the sending school). Every read is audited.
"""

import datetime

from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views.generic import ListView

from directory import audit, ratelimit
from directory.pdf import cap_text, pdf_response, render_pdf
from directory.permissions import (
    DISTRICT,
    ScopedListMixin,
    districts_of,
    get_scoped_or_404,
    grants,
    permission_required,
    refuse,
)
from resources_hub.models import CaseTransfer, FicheBilan, Outcome, RestitutionTo
from resources_hub.models.bilan import BILAN_SECTIONS

PERM = "transfer.copy_view"


def copies_of(user):
    """The transfers out of the schools ``user`` holds the right on (the case's reference only:
    nothing of the case as it is now)."""
    return (
        CaseTransfer.objects.visible_to(user, PERM)
        .filter(kind=CaseTransfer.Kind.TRANSFER)
        .annotate(case_reference=F("case__reference"))
    )


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _moment(value) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _label(choices, value) -> str:
    return choices(value).label if value in choices.values else ""


def copy_context(item: CaseTransfer) -> dict:
    """The frozen fiche, ready to print: labels and dates from the copy, never from the case."""
    snap = item.fiche_snapshot or {}
    case = snap.get("case") or {}
    context = {
        "item": item,
        "has_copy": bool(snap),
        "reference": case.get("reference") or item.case_reference,
        "case_title": case.get("title", ""),
        "from_school": item.from_school,
        "to_school": item.to_school,
    }
    if not snap:
        return context
    context["copy"] = {
        "reported_on": _day(case.get("reported_on")),
        "status": _label(FicheBilan.Status, snap.get("status")),
        "version": snap.get("version"),
        "signed_by": snap.get("signed_by", ""),
        "signed_at": _moment(snap.get("signed_at")),
        "cosigned_by": snap.get("cosigned_by", ""),
        "cosigned_at": _moment(snap.get("cosigned_at")),
        "pole_requested_on": _day(snap.get("pole_requested_on")),
        "pole_requested_by": snap.get("pole_requested_by", ""),
        "first_contact_on": _day(snap.get("first_contact_on")),
        "qualification": cap_text(snap.get("qualification") or ""),
        "outcome": _label(Outcome, snap.get("outcome")),
        "restitution_on": _day(snap.get("restitution_on")),
        "restitution_by": snap.get("restitution_by", ""),
        "restitution_to": [_label(RestitutionTo, v) for v in snap.get("restitution_to") or []],
        "restitution_directors": snap.get("restitution_directors", ""),
    }
    context["sections"] = [
        (label, cap_text(snap.get(name) or "")) for name, label in BILAN_SECTIONS
    ]
    context["members"] = [
        {**m, "first_on": _day(m.get("first_on")), "last_on": _day(m.get("last_on"))}
        for m in snap.get("members") or []
    ]
    context["pupils"] = [
        {**p, "measures": cap_text(p.get("measures") or "")} for p in snap.get("pupils") or []
    ]
    return context


class TransferCopyListView(ScopedListMixin, ListView):
    """« Situations transmises à une autre école »: the sending school's transfers."""

    permission = PERM
    model = CaseTransfer
    template_name = "resources_hub/transfers/list.html"
    context_object_name = "transfers"
    paginate_by = 25

    def get_queryset(self):
        return (
            copies_of(self.request.user)
            .select_related("from_school", "to_school", "by")
            .order_by("-at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["show_school"] = any(scope == DISTRICT for _, scope in grants(user, PERM))
        page = context["page_obj"]
        audit.record(
            "view",
            request=self.request,
            object_type="resources_hub.casetransfer",
            detail=f"situations transmises à une autre école ({len(page.object_list)} "
            f"affichée(s), page {page.number})",
            district_id=next((d.pk for d in districts_of(user)), None),
        )
        return context


def _copy(request, pk: int) -> CaseTransfer:
    queryset = copies_of(request.user).select_related("from_school__district", "to_school", "by")
    return get_scoped_or_404(request, queryset, PERM, pk=pk)


@permission_required(PERM)
def transfer_copy(request, pk: int):
    """The frozen fiche bilan of one transfer, read-only."""
    item = _copy(request, pk)
    audit.record("view", request=request, obj=item, detail="copie de la fiche bilan signée")
    return render(request, "resources_hub/transfers/copy.html", copy_context(item))


@permission_required(PERM)
def transfer_copy_pdf(request, pk: int):
    """The frozen fiche bilan as a PDF marked CONFIDENTIEL (404 when no fiche was signed)."""
    item = _copy(request, pk)
    if not item.fiche_snapshot:
        refuse(request, PERM, detail="aucune copie de fiche")
        raise Http404
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    context = copy_context(item)
    content = render_pdf(
        "pdf/fiche_bilan_copy.html",
        {**context, "district": item.from_school.district, "confidential": True},
    )
    audit.record("export", request=request, obj=item, detail="copie de la fiche bilan (PDF)")
    return pdf_response(content, f"fiche-bilan-{context['reference']}-copie.pdf")


urlpatterns = [
    path("situations-transmises/", TransferCopyListView.as_view(), name="transfer-copy-list"),
    path("situations-transmises/<int:pk>/", transfer_copy, name="transfer-copy"),
    path("situations-transmises/<int:pk>/pdf/", transfer_copy_pdf, name="transfer-copy-pdf"),
]
