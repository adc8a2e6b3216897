"""Writes with rules for the directory: the import of the national school directory.

``schools_import`` reads the "Annuaire de l'éducation" CSV export (``;``, UTF-8 or the cp1252 of
French Excel), checks each line, then creates or updates schools keyed on their UAI, in one
transaction with one audit row. Nothing is evaluated: a cell is only ever stored as text.
"""

import codecs
import csv
import datetime
import io
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory import audit
from directory.models import PARTNER_KINDS, District, School, SchoolKind
from directory.uai import normalize_uai, uai_error

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_IMPORT_ROWS = 100_000

# Our name for each column used → its header in the export (matched case-insensitively).
COLUMNS = {
    "uai": "Identifiant_de_l_etablissement",
    "name": "Nom_etablissement",
    "type": "Type_etablissement",
    "address": "Adresse_1",
    "postal_code": "Code_postal",
    "commune": "Nom_commune",
    "departement_code": "Code_departement",
    "departement_name": "Libelle_departement",
    "academie": "Libelle_academie",
    "maternelle": "Ecole_maternelle",
    "elementaire": "Ecole_elementaire",
    "nature": "libelle_nature",
    "circonscription": "Nom_circonscription",
    "phone": "Telephone",
    "email": "Mail",
    "state": "etat",
    "opened_on": "date_ouverture",
}
REQUIRED_COLUMNS = ("uai", "name", "type", "circonscription")
TEXT_FIELDS = ("address", "postal_code", "commune", "phone")
UPDATABLE_FIELDS = (
    "name",
    "kind",
    "address",
    "postal_code",
    "commune",
    "phone",
    "email",
    "is_open",
    "opened_on",
    "district",
)
MAX_LENGTHS = {
    **{key: School._meta.get_field(key).max_length for key in ("name", *TEXT_FIELDS, "email")},
    "circonscription": District._meta.get_field("name").max_length,
    "departement_code": District._meta.get_field("departement_code").max_length,
    "departement_name": District._meta.get_field("departement_name").max_length,
    "academie": District._meta.get_field("academie").max_length,
}
CLOSED_STATE = "FERME"
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
TRUE_FLAGS = frozenset({"1", "oui", "o", "true", "vrai", "x"})
DB_BATCH = 500


class ImportRefused(Exception):
    """The whole file is refused (too big, unreadable, wrong columns): nothing is written."""


@dataclass(frozen=True)
class LineIssue:
    line: int
    uai: str
    message: str

    def __str__(self) -> str:
        where = f"Ligne {self.line}" + (f" ({self.uai})" if self.uai else "")
        return f"{where} : {self.message}"


@dataclass
class ImportReport:
    source_name: str = ""
    encoding: str = ""
    strict: bool = False
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    districts_created: int = 0
    rejected: list[LineIssue] = field(default_factory=list)
    warnings: list[LineIssue] = field(default_factory=list)
    district_changes: list["DistrictChange"] = field(default_factory=list)
    aborted: bool = False

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    @property
    def written(self) -> bool:
        return not (self.dry_run or self.aborted)

    @property
    def moved(self) -> list["DistrictChange"]:
        return [change for change in self.district_changes if not change.held]

    @property
    def held(self) -> list["DistrictChange"]:
        return [change for change in self.district_changes if change.held]

    def summary(self) -> str:
        return (
            f"{self.created} créée(s), {self.updated} mise(s) à jour, "
            f"{self.unchanged} inchangée(s), {self.rejected_count} rejetée(s), "
            f"{self.districts_created} circonscription(s) créée(s), "
            f"{len(self.moved)} changement(s) de circonscription, "
            f"{len(self.held)} changement(s) de circonscription refusé(s)"
        )

    def as_text(self) -> str:
        """The report as a French text, for the command line or a confirmation page."""
        lines = [
            f"Import de l'annuaire : {self.source_name or 'fichier'} "
            f"(encodage {self.encoding}, {self.rows} ligne(s) de données)",
            f"  Écoles et établissements créés : {self.created}",
            f"  Mis à jour : {self.updated}",
            f"  Inchangés : {self.unchanged}",
            f"  Lignes rejetées : {self.rejected_count}",
            f"  Circonscriptions créées : {self.districts_created}",
            f"  Changements de circonscription : {len(self.moved)}",
            f"  Changements de circonscription refusés : {len(self.held)}",
        ]
        for title, issues in (
            ("Lignes rejetées :", self.rejected),
            ("Avertissements :", self.warnings),
            ("Changements de circonscription :", self.moved),
            (
                "Changements de circonscription refusés (l'école a des données ; "
                "option --move-schools-with-cases pour les accepter) :",
                self.held,
            ),
        ):
            if issues:
                lines += [title, *(f"  {issue}" for issue in issues)]
        lines.append(self._outcome())
        return "\n".join(lines)

    def _outcome(self) -> str:
        if self.aborted:
            return (
                f"Import annulé (mode strict) : {self.rejected_count} ligne(s) rejetée(s), "
                "rien n'a été enregistré."
            )
        if self.dry_run:
            return "Simulation : rien n'a été enregistré."
        return "Import enregistré."


@dataclass(frozen=True)
class DistrictChange:
    """A school the file puts in another district; ``held`` when it stays where it was."""

    line: int
    uai: str
    school: str
    old: str
    new: str
    holdings: str = ""
    held: bool = False
    school_id: int | None = None
    old_district_id: int | None = None

    def __str__(self) -> str:
        kept = f" ; elle a {self.holdings}" if self.holdings else ""
        return (
            f"Ligne {self.line} ({self.uai}) {self.school} : « {self.old} » → « {self.new} »{kept}"
        )


@dataclass(frozen=True)
class DistrictRef:
    name: str
    departement_code: str
    departement_name: str
    academie: str


@dataclass(frozen=True)
class SchoolRow:
    line: int
    uai: str
    fields: dict
    district: DistrictRef | None


def schools_import(
    *,
    source: IO[bytes] | Path,
    strict: bool = False,
    dry_run: bool = False,
    user=None,
    move_schools_with_cases: bool = False,
) -> ImportReport:
    """Import the directory export; raise ``ImportRefused`` when the file as a whole is refused.

    Valid lines are imported and rejected ones reported; with ``strict`` a single rejected line
    writes nothing. ``dry_run`` does the whole import, then rolls it back. A school that holds
    data of the axes (cases, reports…) keeps its district unless ``move_schools_with_cases``: a
    renamed or mistyped district in the export must not carry cases away from their IEN. Every
    change of district is listed in the report.
    """
    report = ImportReport(source_name=_source_name(source), strict=strict, dry_run=dry_run)
    text, report.encoding = _decode(_read_capped(source))
    rows = _parse(text, report)
    if strict and report.rejected:
        report.aborted = True
        return report
    with transaction.atomic():
        _write(rows, report, move_schools_with_cases=move_schools_with_cases)
        if dry_run:
            transaction.set_rollback(True)
        else:
            audit.record("import", user=user, detail=_audit_detail(report))
            _audit_moves(report, user)
    return report


def _audit_moves(report: ImportReport, user) -> None:
    """Each school that left a district is journalled for that district's IEN to see."""
    for change in report.moved:
        audit.record(
            "update",
            user=user,
            detail=f"import : {change}"[:500],
            district_id=change.old_district_id,
        )


# Reading the file ------------------------------------------------------------------------------


def _source_name(source) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "")).name


def _read_capped(source) -> bytes:
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
    else:
        data = source.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportRefused(
            f"Fichier trop volumineux : {MAX_IMPORT_BYTES // (1024 * 1024)} Mo au plus."
        )
    if not data.strip():
        raise ImportRefused("Le fichier est vide.")
    return data


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(
            "Fichier en UTF-16 (« texte Unicode ») : enregistrez-le en « CSV UTF-8 » "
            "ou en « CSV (séparateur : point-virgule) »."
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    _refuse_mixed_encodings(data)
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            "Encodage non reconnu : le fichier doit être en UTF-8 ou en Windows-1252 (Excel)."
        ) from exc


def _refuse_mixed_encodings(data: bytes) -> None:
    """A file that is neither all UTF-8 nor all Windows-1252 (lines pasted from two exports) is
    refused with its line numbers, rather than decoded into mojibake ("Ã©cole")."""
    utf8_lines, other_lines = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            other_lines.append(number)
        else:
            utf8_lines.append(number)
    if utf8_lines and other_lines:
        raise ImportRefused(
            "Le fichier mélange deux encodages : ligne(s) "
            f"{_line_list(utf8_lines)} en UTF-8, ligne(s) {_line_list(other_lines)} en "
            "Windows-1252 (Excel). Réenregistrez tout le fichier dans un seul encodage "
            "(« CSV UTF-8 » de préférence)."
        )


def _line_list(numbers: list[int], shown: int = 20) -> str:
    text = ", ".join(str(n) for n in numbers[:shown])
    return text + (f" et {len(numbers) - shown} autre(s)" if len(numbers) > shown else "")


def _column_index(header: list[str]) -> dict[str, int]:
    """Where each used column sits; unknown columns are ignored (the export has about 70)."""
    positions: dict[str, list[int]] = {}
    for index, label in enumerate(header):
        positions.setdefault(label.strip().lstrip("\ufeff").casefold(), []).append(index)
    missing = [COLUMNS[key] for key in REQUIRED_COLUMNS if COLUMNS[key].casefold() not in positions]
    if missing:
        hint = " Le séparateur attendu est le point-virgule." if len(header) == 1 else ""
        raise ImportRefused(
            f"Colonne(s) obligatoire(s) absente(s) : {', '.join(missing)}. Le fichier doit être "
            f"l'export de l'Annuaire de l'éducation, avec sa ligne d'en-tête.{hint}"
        )
    doubled = [label for label in COLUMNS.values() if len(positions.get(label.casefold(), [])) > 1]
    if doubled:
        raise ImportRefused(f"Colonne(s) en double dans l'en-tête : {', '.join(doubled)}.")
    return {
        key: positions[label.casefold()][0]
        for key, label in COLUMNS.items()
        if label.casefold() in positions
    }


def _records(reader) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the file line it starts on (a quoted cell may span lines)."""
    start = reader.line_num + 1
    for record in reader:
        line, start = start, reader.line_num + 1
        if any(cell.strip() for cell in record):
            yield line, record


def _parse(text: str, report: ImportReport) -> list[SchoolRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        header = next(reader, None)
        if not header:
            raise ImportRefused("Le fichier n'a pas de ligne d'en-tête.")
        columns = _column_index(header)
        rows: list[SchoolRow] = []
        seen: dict[str, int] = {}
        for line, record in _records(reader):
            report.rows += 1
            if report.rows > MAX_IMPORT_ROWS:
                raise ImportRefused(f"Fichier trop long : {MAX_IMPORT_ROWS} lignes au plus.")
            row = _parse_line(line, record, columns, len(header), seen, report)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        raise ImportRefused(f"Fichier CSV illisible près de la ligne {reader.line_num}.") from exc
    return rows


# Checking one line -----------------------------------------------------------------------------


def _parse_line(line, record, columns, width, seen, report) -> SchoolRow | None:
    uai_index = columns["uai"]
    uai = normalize_uai(record[uai_index]) if uai_index < len(record) else ""
    if len(record) != width:
        message = f"La ligne compte {len(record)} colonnes au lieu de {width}."
        report.rejected.append(LineIssue(line, uai, message))
        return None
    cells = {key: record[index].strip() for key, index in columns.items()}
    kind = _kind(cells)
    reasons = [*_uai_problems(line, uai, seen), *_content_problems(cells, kind)]
    if reasons:
        report.rejected.append(LineIssue(line, uai, " ".join(reasons)))
        return None
    fields, warnings = _school_fields(cells, kind)
    report.warnings.extend(LineIssue(line, uai, warning) for warning in warnings)
    return SchoolRow(line=line, uai=uai, fields=fields, district=_district_ref(cells))


def _uai_problems(line: int, uai: str, seen: dict[str, int]) -> list[str]:
    if not uai:
        return ["Code UAI manquant."]
    error = uai_error(uai)
    if error:
        return [error]
    if uai in seen:
        return [f"Code UAI {uai} en double : déjà présent ligne {seen[uai]}."]
    seen[uai] = line
    return []


def _content_problems(cells: dict[str, str], kind: str | None) -> list[str]:
    reasons = []
    if not cells["name"]:
        reasons.append("Nom de l'établissement manquant.")
    if kind is None:
        reasons.append(_kind_problem(cells))
    elif kind not in PARTNER_KINDS and not cells["circonscription"]:
        reasons.append("École sans circonscription (colonne Nom_circonscription vide).")
    reasons += [
        f"Le champ {COLUMNS[key]} dépasse {limit} caractères."
        for key, limit in MAX_LENGTHS.items()
        if len(cells.get(key, "")) > limit
    ]
    reasons += [
        f"Caractère de contrôle dans le champ {COLUMNS[key]}."
        for key, value in cells.items()
        if any(unicodedata.category(ch) == "Cc" for ch in value)
    ]
    return reasons


def _fold(value: str) -> str:
    """Lower case without accents: "Collège" and "COLLEGE" compare equal."""
    decomposed = unicodedata.normalize("NFKD", value.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _kind(cells: dict[str, str]) -> str | None:
    kind_type = _fold(cells["type"])
    if kind_type == "college":
        return SchoolKind.COLLEGE
    if kind_type == "lycee":
        return SchoolKind.LYCEE
    if kind_type == "ecole":
        return _ecole_kind(cells)
    return None


def _ecole_kind(cells: dict[str, str]) -> str | None:
    flags = (_flag(cells.get("maternelle", "")), _flag(cells.get("elementaire", "")))
    by_flags = {
        (True, True): SchoolKind.PRIMAIRE,
        (True, False): SchoolKind.MATERNELLE,
        (False, True): SchoolKind.ELEMENTAIRE,
    }
    if flags in by_flags:
        return by_flags[flags]
    nature = _fold(cells.get("nature", ""))
    for word, kind in (
        ("primaire", SchoolKind.PRIMAIRE),
        ("maternelle", SchoolKind.MATERNELLE),
        ("elementaire", SchoolKind.ELEMENTAIRE),
    ):
        if word in nature:
            return kind
    return None


def _flag(value: str) -> bool:
    return _fold(value) in TRUE_FLAGS


def _kind_problem(cells: dict[str, str]) -> str:
    if not cells["type"]:
        return "Type d'établissement manquant."
    if _fold(cells["type"]) == "ecole":
        return "Type d'école indéterminé (ni maternelle ni élémentaire)."
    return f"Type d'établissement inconnu : « {cells['type']} » (Ecole, Collège ou Lycée attendu)."


def _school_fields(cells: dict[str, str], kind: str) -> tuple[dict, list[str]]:
    """The School values this line sets; a column absent from the file leaves its field alone."""
    fields: dict = {"name": cells["name"], "kind": kind}
    fields.update({key: cells[key] for key in TEXT_FIELDS if key in cells})
    warnings: list[str] = []
    if "email" in cells:
        _set_email(cells["email"], fields, warnings)
    if "opened_on" in cells:
        _set_opening_date(cells["opened_on"], fields, warnings)
    if "state" in cells:
        fields["is_open"] = cells["state"].upper() != CLOSED_STATE
        if not fields["is_open"]:
            warnings.append(_closed_warning(kind))
    return fields, warnings


def _closed_warning(kind: str) -> str:
    if kind in PARTNER_KINDS:
        return "Établissement fermé (état FERME) : importé comme fermé."
    return "École fermée (état FERME) : importée comme fermée."


def _set_email(value: str, fields: dict, warnings: list[str]) -> None:
    try:
        if value:
            validate_email(value)
    except ValidationError:
        warnings.append(f"Adresse électronique « {value} » invalide : ignorée.")
        return
    fields["email"] = value


def _set_opening_date(value: str, fields: dict, warnings: list[str]) -> None:
    if not value:
        fields["opened_on"] = None
        return
    for date_format in DATE_FORMATS:
        try:
            fields["opened_on"] = datetime.datetime.strptime(value, date_format).date()
            return
        except ValueError:
            continue
    warnings.append(f"Date d'ouverture « {value} » illisible : ignorée.")


def _district_ref(cells: dict[str, str]) -> DistrictRef | None:
    if not cells["circonscription"]:
        return None
    return DistrictRef(
        name=cells["circonscription"],
        departement_code=cells.get("departement_code", ""),
        departement_name=cells.get("departement_name", ""),
        academie=cells.get("academie", ""),
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
