"""Reading the national export: decoding, parsing and checking each line."""

import codecs
import csv
import datetime
import io
import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from directory.models import PARTNER_KINDS, SchoolKind
from directory.services.import_report import (
    CLOSED_STATE,
    COLUMNS,
    DATE_FORMATS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    MAX_LENGTHS,
    REQUIRED_COLUMNS,
    TEXT_FIELDS,
    TRUE_FLAGS,
    DistrictRef,
    ImportRefused,
    ImportReport,
    LineIssue,
    SchoolRow,
)
from directory.uai import normalize_uai, uai_error

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
