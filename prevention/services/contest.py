"""Writes of the contest: editions with the national categories and a default grid, entries
with their file checked by content, jurors' scores, closing the jury, winners, onward rounds."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, FloatField, Sum
from django.db.models.functions import Cast
from django.urls import reverse

from directory import audit
from directory.models import SchoolYear
from directory.notifications import notify, people_with_role
from prevention.models import (
    ContestCategory,
    ContestEdition,
    Criterion,
    EditionStatus,
    Entry,
    EntryKind,
    Score,
)
from prevention.selectors.actions import FROM_CP
from resources_hub.uploads import clean_name, prepare_upload

CATEGORIES = [
    ("Affiche — école", EntryKind.POSTER, "Format A3, slogan lisible à 2 ou 3 mètres."),
    (
        "Vidéo — école",
        EntryKind.VIDEO,
        "2 minutes au plus, générique compris ; sous-titres conseillés.",
    ),
]
CRITERIA = [
    ("Message contre le harcèlement", 3),
    ("Lisibilité et qualité de la production", 2),
    ("Créativité", 2),
    ("Projet porté par les élèves dans l'école", 3),
]
RULES = (
    "Productions de groupe seulement (une classe ou une partie de classe), à partir du CP. "
    "Autorisations de droit à l'image des parents recueillies pour chaque élève visible."
)
VIDEO_TYPES = {"video/mp4": ".mp4"}


def edition_create(*, district, data: dict, user, request=None) -> ContestEdition:
    with transaction.atomic():
        edition = ContestEdition.objects.create(
            district=district,
            year=SchoolYear.current(data["local_date"]),
            rules=data.get("rules") or RULES,
            **{k: data[k] for k in ("title", "local_date", "entry_deadline", "national_deadline")},
        )
        for name, kind, rules in CATEGORIES:
            ContestCategory.objects.create(edition=edition, name=name, kind=kind, rules=rules)
        for name, weight in CRITERIA:
            Criterion.objects.create(edition=edition, name=name, weight=weight)
        audit.record("create", request=request, user=user, obj=edition, district_id=district.pk)
    return edition


def _video(upload) -> tuple[ContentFile, dict]:
    """An MP4 checked by content (the ``ftyp`` box), under the size cap."""
    limit = (
        settings.HZ_CONTEST_VIDEO_MAX_BYTES
        if hasattr(settings, "HZ_CONTEST_VIDEO_MAX_BYTES")
        else 200 * 1024 * 1024
    )
    if upload.size > limit:
        raise ValidationError(f"La vidéo dépasse {limit // (1024 * 1024)} Mo.")
    head = upload.read(12)
    if head[4:8] != b"ftyp":
        raise ValidationError("Type de fichier refusé : la vidéo doit être un fichier MP4.")
    data = head + upload.read()
    stored = f"{uuid.uuid4().hex}.mp4"
    return ContentFile(data, name=stored), {
        "stored_name": stored,
        "original_name": clean_name(upload.name),
        "content_type": "video/mp4",
        "size": len(data),
    }


def entry_submit(*, edition, category, classroom, data: dict, upload, user, request=None) -> Entry:
    if edition.status != EditionStatus.OPEN:
        raise ValidationError("Les inscriptions sont closes.")
    if category.edition_id != edition.pk:
        raise ValidationError({"category": "Choisissez une catégorie de cette édition."})
    if not FROM_CP.intersection(classroom.levels):
        raise ValidationError({"classroom": "Le concours est ouvert aux classes à partir du CP."})
    if not data.get("consents_recorded"):
        raise ValidationError(
            {"consents_recorded": "Recueillez les autorisations de droit à l'image des parents."}
        )
    content, fields = _video(upload) if category.kind == EntryKind.VIDEO else prepare_upload(upload)
    fields.pop("original_name", None)
    try:
        with transaction.atomic():
            entry = Entry(
                edition=edition,
                category=category,
                school=classroom.school,
                classroom=classroom,
                created_by=user,
                title=data["title"],
                pitch=data["pitch"],
                helpline_message=data.get("helpline_message", ""),
                consents_recorded=True,
                show_in_gallery=bool(data.get("show_in_gallery")),
                **fields,
            )
            entry.file.save(fields["stored_name"], content, save=False)
            entry.save()
            audit.record("create", request=request, user=user, obj=entry)
    except IntegrityError as exc:
        raise ValidationError(
            {"category": "Cette classe a déjà une production dans cette catégorie."}
        ) from exc
    return entry


def scores_save(*, entry: Entry, juror, values: dict[int, int]) -> None:
    """A juror's grid for one entry (0 to 5 per criterion), while the jury is open."""
    if entry.edition.status != EditionStatus.JUDGING:
        raise ValidationError("Le jury n'est pas ouvert.")
    with transaction.atomic():
        for criterion in entry.edition.criteria.all():
            value = values.get(criterion.pk)
            if value is None:
                continue
            Score.objects.update_or_create(
                entry=entry, juror=juror, criterion=criterion, defaults={"value": value}
            )


def edition_transition(*, edition: ContestEdition, target: str, user, request=None) -> None:
    allowed = {
        EditionStatus.OPEN: EditionStatus.JUDGING,
        EditionStatus.JUDGING: EditionStatus.CLOSED,
    }
    if allowed.get(edition.status) != target:
        raise ValidationError("Cette étape n'est pas possible.")
    with transaction.atomic():
        updated = ContestEdition.objects.filter(pk=edition.pk, status=edition.status).update(
            status=target
        )
        if not updated:
            raise ValidationError("Le concours a changé entre-temps : rechargez la page.")
        edition.status = target
        audit.record(
            "update", request=request, user=user, obj=edition, detail=f"concours : {target}"
        )
        _announce(edition)


def _announce(edition: ContestEdition) -> None:
    """The jury is told when judging opens; the schools that entered, when results are out."""
    if edition.status == EditionStatus.JUDGING:
        notify(
            edition.jurors.all(),
            event="prevention.jury_open",
            url=reverse("prevention:contest-jury", args=[edition.pk]),
            dedupe_key=f"contest-{edition.pk}-jury",
        )
    elif edition.status == EditionStatus.CLOSED:
        schools = edition.entries.values("school")
        users = people_with_role("director").filter(assignments__school__in=schools) | (
            people_with_role("teacher").filter(assignments__school__in=schools)
        )
        notify(
            users.distinct(),
            event="prevention.contest_results",
            url=reverse("prevention:contest-detail", args=[edition.pk]),
            dedupe_key=f"contest-{edition.pk}-results",
        )


def ranking(edition: ContestEdition):
    """Entries with their weighted total (sum of score × coefficient over every juror), best
    first, per category: one aggregate query."""
    return (
        Entry.objects.filter(edition=edition)
        .select_related("category", "school", "classroom")
        .annotate(
            total=Cast(Sum(F("scores__value") * F("scores__criterion__weight")), FloatField())
        )
        .order_by("category_id", F("total").desc(nulls_last=True), "pk")
    )
