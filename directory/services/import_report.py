"""The school import's vocabulary: columns, limits, and the report of what it did."""

from dataclasses import dataclass, field

from directory.models import District, School

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
