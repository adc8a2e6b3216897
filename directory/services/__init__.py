"""Writes with rules for the directory: the import of the national school directory.

``schools_import`` reads the "Annuaire de l'éducation" CSV export (``;``, UTF-8 or the cp1252 of
French Excel), checks each line, then creates or updates schools keyed on their UAI, in one
transaction with one audit row. Nothing is evaluated: a cell is only ever stored as text.
"""

from pathlib import Path
from typing import IO

from django.db import transaction

from directory import audit
from directory.services.import_read import _decode, _parse, _read_capped, _source_name
from directory.services.import_report import (
    CLOSED_STATE,
    COLUMNS,
    DATE_FORMATS,
    DB_BATCH,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    MAX_LENGTHS,
    REQUIRED_COLUMNS,
    TEXT_FIELDS,
    TRUE_FLAGS,
    UPDATABLE_FIELDS,
    DistrictChange,
    DistrictRef,
    ImportRefused,
    ImportReport,
    LineIssue,
    SchoolRow,
)
from directory.services.import_write import _audit_detail, _Districts, _write, school_holdings

__all__ = [
    "CLOSED_STATE",
    "COLUMNS",
    "DATE_FORMATS",
    "DB_BATCH",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "MAX_LENGTHS",
    "REQUIRED_COLUMNS",
    "TEXT_FIELDS",
    "TRUE_FLAGS",
    "UPDATABLE_FIELDS",
    "DistrictChange",
    "DistrictRef",
    "ImportRefused",
    "ImportReport",
    "LineIssue",
    "SchoolRow",
    "_Districts",
    "audit",
    "school_holdings",
    "schools_import",
]


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
