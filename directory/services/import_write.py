"""Writing the checked lines: districts, schools, and the district changes held or made."""

from django.utils import timezone
from django.utils.text import slugify

from directory.models import District, School
from directory.services.import_report import (
    DB_BATCH,
    UPDATABLE_FIELDS,
    DistrictChange,
    DistrictRef,
    ImportReport,
    SchoolRow,
)

# Writing ---------------------------------------------------------------------------------------


class _Districts:
    """Districts by name (case-insensitive), created on first sight with a slug code."""

    def __init__(self) -> None:
        districts = list(District.objects.all())
        self.by_name = {district.name.casefold(): district for district in districts}
        self.codes = {district.code for district in districts}
        self.created = 0

    def find(self, ref: DistrictRef | None) -> District | None:
        return None if ref is None else self.by_name.get(ref.name.casefold())

    def resolve(self, ref: DistrictRef | None) -> District | None:
        if ref is None:
            return None
        key = ref.name.casefold()
        if key not in self.by_name:
            self.by_name[key] = self._create(ref)
        return self.by_name[key]

    def _create(self, ref: DistrictRef) -> District:
        district = District.objects.create(
            name=ref.name,
            code=self._free_code(ref.name),
            departement_code=ref.departement_code,
            departement_name=ref.departement_name,
            academie=ref.academie,
        )
        self.codes.add(district.code)
        self.created += 1
        return district

    def _free_code(self, name: str) -> str:
        limit = District._meta.get_field("code").max_length
        base = slugify(name)[:limit] or "circonscription"
        code, counter = base, 1
        while code in self.codes:
            counter += 1
            suffix = f"-{counter}"
            code = base[: limit - len(suffix)] + suffix
        return code


def _existing_schools(uais: list[str]) -> dict[str, School]:
    found: dict[str, School] = {}
    for start in range(0, len(uais), DB_BATCH):
        batch = uais[start : start + DB_BATCH]
        for school in School.objects.filter(uai__in=batch).select_related("district"):
            found[school.uai] = school
    return found


def _assign_changes(school: School, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(school, name) != value:
            setattr(school, name, value)
            changed = True
    return changed


def school_holdings(school: School) -> str:
    """What the axes hold for this school ("3 situations, 1 signalement"), or "" for none.

    Read through the relations other apps declare to School, so the directory names no app."""
    parts = []
    for relation in School._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "directory" or not relation.one_to_many:
            continue
        count = model._default_manager.filter(**{relation.field.name: school}).count()
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            parts.append(f"{count} {name}")
    return ", ".join(parts)


def _district_name(district: District | None) -> str:
    return district.name if district is not None else "aucune"


def _target_district(row, school, districts, report, move_with_cases) -> District | None:
    """The district the line puts the school in: its own when the move is held."""
    current = school.district if school is not None else None
    found = districts.find(row.district)
    if school is None or (row.district is not None and found == current and found is not None):
        return districts.resolve(row.district)
    if row.district is None and current is None:
        return None
    holdings = school_holdings(school)
    held = bool(holdings) and not move_with_cases
    new_name = row.district.name if row.district is not None else "aucune"
    report.district_changes.append(
        DistrictChange(
            line=row.line,
            uai=row.uai,
            school=school.name,
            old=_district_name(current),
            new=new_name,
            holdings=holdings,
            held=held,
            school_id=school.pk,
            old_district_id=school.district_id,
        )
    )
    return current if held else districts.resolve(row.district)


def _write(rows: list[SchoolRow], report: ImportReport, *, move_schools_with_cases=False) -> None:
    districts = _Districts()
    existing = _existing_schools([row.uai for row in rows])
    creations: list[School] = []
    updates: list[School] = []
    for row in rows:
        school = existing.get(row.uai)
        district = _target_district(row, school, districts, report, move_schools_with_cases)
        values = {**row.fields, "district_id": district.pk if district else None}
        if school is None:
            creations.append(School(uai=row.uai, **values))
        elif _assign_changes(school, values):
            updates.append(school)
        else:
            report.unchanged += 1
    now = timezone.now()
    for school in updates:
        school.updated_at = now
    School.objects.bulk_create(creations, batch_size=DB_BATCH)
    School.objects.bulk_update(updates, [*UPDATABLE_FIELDS, "updated_at"], batch_size=DB_BATCH)
    report.created, report.updated = len(creations), len(updates)
    report.districts_created = districts.created


def _audit_detail(report: ImportReport) -> str:
    return f"Import de l'annuaire ({report.source_name or 'fichier'}) : {report.summary()}."
