"""The yearly school bilan: pre-filled from every axis's yearly figures (counts only), saved in
drafts with optimistic locking, signed once (then read-only)."""

from dataclasses import asdict

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.dashboard import as_number, yearly_figures
from directory.notifications import inspectors_of, notify
from directory.versioning import already_stored
from outreach.models import SchoolBilan, SchoolBilanVersion

TEXT_FIELDS = ("assessment", "successes", "needs")


class StaleVersion(Exception):
    pass


def figures_for(*, school, year) -> list[dict]:
    """The counts the portal holds for the school and year (numbers only: a text never survives)."""
    figures = []
    for figure in yearly_figures(year=year, school=school):
        value = as_number(figure.value)
        if value is not None:
            figures.append({**asdict(figure), "value": value})
    return figures


def bilan_for(*, school, year) -> SchoolBilan:
    """The school's bilan of ``year``, created pre-filled on its first save (one per school and
    year, even under two simultaneous first saves). Pages read it with ``bilan_read``."""
    bilan = SchoolBilan.objects.filter(school=school, year=year).first()
    if bilan is not None:
        return bilan
    try:
        with transaction.atomic():
            return SchoolBilan.objects.create(
                school=school, year=year, figures=figures_for(school=school, year=year)
            )
    except IntegrityError:
        return SchoolBilan.objects.get(school=school, year=year)


def bilan_save(
    *,
    bilan: SchoolBilan,
    user,
    data: dict,
    expected_version: int,
    sign: bool = False,
    request=None,
) -> SchoolBilan:
    """Save a draft, or sign; refused when the page was loaded from an older version or the
    bilan is already signed. Signing freezes the figures as they are now."""
    changes = {name: data.get(name, "") for name in TEXT_FIELDS}
    changes["version"] = F("version") + 1
    changes["updated_at"] = timezone.now()
    if sign:
        changes.update(
            status=SchoolBilan.Status.SIGNED,
            signed_by=user,
            signed_at=timezone.now(),
            figures=figures_for(school=bilan.school, year=bilan.year),
        )
    else:  # a draft keeps the counts of its last save (the page shows today's)
        changes["figures"] = figures_for(school=bilan.school, year=bilan.year)
    with transaction.atomic():
        updated = SchoolBilan.objects.filter(
            pk=bilan.pk, version=expected_version, status=SchoolBilan.Status.DRAFT
        ).update(**changes)
        sent = {name: data.get(name, "") for name in TEXT_FIELDS}
        sent["status"] = SchoolBilan.Status.SIGNED if sign else SchoolBilan.Status.DRAFT
        if not updated and already_stored(SchoolBilan, bilan.pk, sent):
            bilan.refresh_from_db()  # a double click: the first request saved exactly this
            return bilan
        if not updated:
            raise StaleVersion(
                "Ce bilan a été enregistré depuis que vous l'avez ouvert (ou il est déjà signé). "
                "Vos modifications n'ont pas été enregistrées : elles sont encore dans le "
                "formulaire ci-dessous ; rechargez le bilan puis reportez-les."
            )
        bilan.refresh_from_db()
        SchoolBilanVersion.objects.create(
            bilan=bilan,
            number=bilan.version,
            saved_by=user,
            data={name: getattr(bilan, name) for name in TEXT_FIELDS} | {"signed": sign},
        )
        audit.record(
            "update",
            request=request,
            user=user,
            obj=bilan,
            detail="bilan annuel signé" if sign else f"brouillon v{bilan.version}",
        )
    if sign:
        notify(
            inspectors_of(bilan.school.district),
            event="outreach.bilan_signed",
            url=reverse("outreach:bilan") + f"?annee={bilan.year.start_year}",
            dedupe_key=f"outreach.bilan-signed:{bilan.pk}",
        )
    return bilan


def bilan_read(*, school, year) -> SchoolBilan:
    """The bilan as a page shows it, written nowhere: the saved one, or a blank unsaved one; a
    draft shows today's counts (in memory), a signed bilan the ones it was signed with."""
    bilan = SchoolBilan.objects.filter(school=school, year=year).first()
    if bilan is None:
        bilan = SchoolBilan(school=school, year=year)
    if not bilan.is_signed:
        bilan.figures = figures_for(school=school, year=year)
    return bilan
