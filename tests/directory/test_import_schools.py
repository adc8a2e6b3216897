"""The import of the national school directory: counts, rejects, idempotence, atomicity."""

import datetime
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import services
from directory.models import AuditEvent, District, School, SchoolKind
from directory.services import ImportRefused, import_read, schools_import
from tests.factories import DistrictFactory, SchoolFactory, UserFactory

DATA = Path(__file__).resolve().parent.parent / "data"
SAMPLE = DATA / "annuaire-education-sample.csv"
BAD_LINES = DATA / "annuaire-education-bad-lines.csv"

HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0].split(";")
ECOLE = {
    "Identifiant_de_l_etablissement": "0921001N",
    "Nom_etablissement": "École maternelle Les Tilleuls",
    "Type_etablissement": "Ecole",
    "Code_departement": "092",
    "Libelle_departement": "Hauts-de-Seine",
    "Libelle_academie": "Versailles",
    "Ecole_maternelle": "1",
    "Ecole_elementaire": "0",
    "libelle_nature": "ECOLE MATERNELLE",
    "Nom_circonscription": "Nanterre 1",
    "etat": "OUVERT",
}

pytestmark = pytest.mark.django_db


def csv_bytes(*rows: dict, header=HEADER, encoding="utf-8") -> bytes:
    lines = [";".join(header)]
    lines += [";".join(row.get(column, "") for column in header) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def import_bytes(data: bytes, **options):
    return schools_import(source=io.BytesIO(data), **options)


def snapshot() -> tuple:
    return (
        sorted(School.objects.values_list("uai", "name", "is_open", "district_id")),
        sorted(District.objects.values_list("name", flat=True)),
        AuditEvent.objects.count(),
    )


def issues_by_line(issues) -> dict[int, str]:
    return {issue.line: issue.message for issue in issues}


# The sample file ------------------------------------------------------------------------------


def test_sample_creates_thirteen_schools_in_two_districts():
    report = schools_import(source=SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (13, 0, 0)
    assert report.rejected == [] and report.warnings == []
    assert report.districts_created == 2
    assert School.objects.count() == 13
    assert sorted(District.objects.values_list("name", "code")) == [
        ("Colombes 2", "colombes-2"),
        ("Nanterre 1", "nanterre-1"),
    ]
    assert School.objects.filter(district__name="Nanterre 1").count() == 8
    assert School.objects.filter(district__name="Colombes 2").count() == 4


def test_sample_maps_kinds_from_the_maternelle_and_elementaire_flags():
    schools_import(source=SAMPLE)
    kinds = dict(School.objects.values_list("uai", "kind"))

    assert kinds["0921001N"] == SchoolKind.MATERNELLE
    assert kinds["0921002P"] == SchoolKind.ELEMENTAIRE
    assert kinds["0921003R"] == SchoolKind.PRIMAIRE
    assert kinds["0921013B"] == SchoolKind.COLLEGE
    assert sorted(kinds.values()).count(SchoolKind.PRIMAIRE) == 3


def test_sample_stores_the_details_and_leaves_the_college_without_district():
    schools_import(source=SAMPLE)
    ecole = School.objects.get(uai="0921004S")
    college = School.objects.get(uai="0921013B")
    district = ecole.district

    assert ecole.name == "Ecole maternelle Le Petit Prince"
    assert ecole.address == "8 allée Saint-Exupéry"
    assert (ecole.postal_code, ecole.commune) == ("92000", "Nanterre")
    assert ecole.phone == "01 47 00 00 04"
    assert ecole.email == "ce.0921004s@ecoles.example.org"
    assert ecole.opened_on == datetime.date(1990, 9, 1)
    assert ecole.is_open
    assert (district.departement_code, district.departement_name, district.academie) == (
        "092",
        "Hauts-de-Seine",
        "Versailles",
    )
    assert college.name == "Collège Germaine Tillion"
    assert college.district is None


def test_reimport_of_the_same_file_changes_nothing():
    schools_import(source=SAMPLE)
    before = sorted(School.objects.values_list("uai", "updated_at"))

    report = schools_import(source=SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 13)
    assert report.districts_created == 0
    assert School.objects.count() == 13
    assert District.objects.count() == 2
    assert sorted(School.objects.values_list("uai", "updated_at")) == before


def test_reimport_with_a_renamed_school_updates_only_that_school():
    schools_import(source=SAMPLE)
    renamed = SAMPLE.read_bytes().replace(
        b"Ecole primaire Simone Veil", "École primaire Simone-Veil".encode()
    )

    report = import_bytes(renamed)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 12)
    assert School.objects.get(uai="0921003R").name == "École primaire Simone-Veil"
    assert School.objects.count() == 13


def test_import_attaches_schools_to_an_existing_district_whatever_its_case():
    existing = DistrictFactory(name="NANTERRE 1", code="NAN1")

    report = schools_import(source=SAMPLE)

    assert report.districts_created == 1
    assert School.objects.filter(district=existing).count() == 8
    assert District.objects.get(pk=existing.pk).code == "NAN1"


def test_new_district_code_avoids_a_code_already_taken():
    DistrictFactory(name="Autre circonscription", code="nanterre-1")

    schools_import(source=SAMPLE)

    assert District.objects.get(name="Nanterre 1").code == "nanterre-1-2"


def test_import_updates_a_school_moved_to_another_district():
    old_district = DistrictFactory(name="Ancienne")
    SchoolFactory(uai="0921009X", name="Ecole élémentaire Victor Hugo", district=old_district)

    report = schools_import(source=SAMPLE)

    assert (report.created, report.updated) == (12, 1)
    assert School.objects.get(uai="0921009X").district.name == "Colombes 2"


def test_import_writes_one_audit_row_with_the_counts():
    user = UserFactory(username="admin-import")

    schools_import(source=SAMPLE, user=user)

    event = AuditEvent.objects.get()
    assert event.action == "import"
    assert event.user == user
    assert "annuaire-education-sample.csv" in event.detail
    assert "13 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 rejetée(s)" in event.detail


# The bad-lines file ---------------------------------------------------------------------------


def test_bad_lines_are_reported_with_their_line_number_and_reason():
    report = schools_import(source=BAD_LINES)
    rejected = issues_by_line(report.rejected)

    assert sorted(rejected) == [3, 4, 5, 6]
    assert "lettre de contrôle du code UAI 0921021A est fausse (attendue : K)" in rejected[3]
    assert "7 chiffres suivis d'une lettre" in rejected[4]
    assert rejected[5] == "Nom de l'établissement manquant."
    assert rejected[6] == "Code UAI 0921020J en double : déjà présent ligne 2."
    assert [issue.uai for issue in report.rejected] == ["0921021A", "92102", "0921022L", "0921020J"]
    assert (report.created, report.rows) == (3, 7)


def test_bad_lines_keep_the_first_occurrence_of_a_duplicate_uai():
    schools_import(source=BAD_LINES)

    assert School.objects.get(uai="0921020J").name == "Ecole élémentaire Les Lilas"
    assert sorted(School.objects.values_list("uai", flat=True)) == [
        "0921020J",
        "0921023M",
        "0921024N",
    ]


def test_closed_school_is_imported_as_closed_and_reported():
    report = schools_import(source=BAD_LINES)

    assert School.objects.get(uai="0921024N").is_open is False
    assert School.objects.get(uai="0921020J").is_open is True
    assert issues_by_line(report.warnings) == {
        8: "École fermée (état FERME) : importée comme fermée."
    }


def test_formula_looking_name_is_stored_verbatim():
    schools_import(source=BAD_LINES)

    assert School.objects.get(uai="0921023M").name == '=HYPERLINK("http://exemple.invalid")'


def test_strict_mode_imports_nothing_when_a_line_is_rejected():
    before = snapshot()

    report = schools_import(source=BAD_LINES, strict=True)

    assert report.aborted
    assert report.rejected_count == 4
    assert (report.created, report.updated) == (0, 0)
    assert snapshot() == before


def test_strict_mode_imports_a_clean_file():
    report = schools_import(source=SAMPLE, strict=True)

    assert not report.aborted
    assert School.objects.count() == 13


def test_dry_run_counts_but_writes_nothing():
    before = snapshot()

    report = schools_import(source=SAMPLE, dry_run=True)

    assert (report.created, report.districts_created) == (13, 2)
    assert snapshot() == before


def test_dry_run_counts_updates_against_the_database():
    schools_import(source=SAMPLE)
    renamed = SAMPLE.read_bytes().replace(b"Jean Moulin", b"Jean-Moulin")

    report = import_bytes(renamed, dry_run=True)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 12)
    assert School.objects.get(uai="0921011Z").name.endswith("Jean Moulin")


# Encodings and columns -----------------------------------------------------------------------


def test_cp1252_excel_file_with_accents_is_imported():
    data = SAMPLE.read_text(encoding="utf-8").encode("cp1252")
    assert b"\xe9" in data  # "é" as French Excel writes it

    report = import_bytes(data)

    assert report.encoding == "Windows-1252"
    assert report.created == 13
    assert School.objects.get(uai="0921013B").name == "Collège Germaine Tillion"
    assert School.objects.get(uai="0921004S").address == "8 allée Saint-Exupéry"


def test_utf8_file_with_bom_is_imported():
    report = import_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())

    assert report.encoding == "UTF-8"
    assert report.created == 13


@pytest.mark.parametrize("column", ["Identifiant_de_l_etablissement", "Nom_circonscription"])
def test_file_missing_a_required_column_is_refused(column):
    header = [label for label in HEADER if label != column]
    before = snapshot()

    with pytest.raises(ImportRefused, match=f"obligatoire.*absente.*{column}"):
        import_bytes(csv_bytes(ECOLE, header=header))

    assert snapshot() == before


def test_comma_separated_file_is_refused_with_a_hint():
    data = ",".join(HEADER).encode() + b"\r\n"

    with pytest.raises(ImportRefused, match="point-virgule"):
        import_bytes(data)


def test_unknown_columns_are_ignored_and_headers_matched_case_insensitively():
    header = [label.upper() for label in HEADER] + ["Colonne_inconnue"]
    row = {label.upper(): value for label, value in ECOLE.items()} | {"Colonne_inconnue": "x"}

    report = import_bytes(csv_bytes(row, header=header))

    assert report.created == 1
    assert School.objects.get(uai="0921001N").kind == SchoolKind.MATERNELLE


def test_optional_columns_absent_from_the_file_leave_their_fields_alone():
    schools_import(source=SAMPLE)
    School.objects.filter(uai="0921001N").update(is_open=False)
    header = [label for label in HEADER if label not in {"Telephone", "etat"}]

    report = import_bytes(csv_bytes(ECOLE, header=header))

    school = School.objects.get(uai="0921001N")
    assert report.updated == 1
    assert school.name == "École maternelle Les Tilleuls"
    assert (school.phone, school.is_open) == ("01 47 00 00 01", False)


def test_utf16_file_is_refused():
    data = "\ufeff" + SAMPLE.read_text(encoding="utf-8")

    with pytest.raises(ImportRefused, match="UTF-16"):
        import_bytes(data.encode("utf-16-le"))


# Other line checks ---------------------------------------------------------------------------


def test_ecole_without_circonscription_is_rejected():
    report = import_bytes(csv_bytes(ECOLE | {"Nom_circonscription": ""}))

    assert issues_by_line(report.rejected) == {
        2: "École sans circonscription (colonne Nom_circonscription vide)."
    }
    assert not School.objects.exists()


def test_unknown_type_is_rejected():
    report = import_bytes(csv_bytes(ECOLE | {"Type_etablissement": "EREA"}))

    assert "Type d'établissement inconnu : « EREA »" in report.rejected[0].message


def test_ecole_kind_falls_back_on_libelle_nature():
    row = ECOLE | {
        "Ecole_maternelle": "",
        "Ecole_elementaire": "",
        "libelle_nature": "ECOLE PRIMAIRE D'APPLICATION",
    }

    import_bytes(csv_bytes(row))

    assert School.objects.get().kind == SchoolKind.PRIMAIRE


def test_lycee_is_imported_without_district():
    row = ECOLE | {"Type_etablissement": "LYCÉE", "Nom_circonscription": ""}

    import_bytes(csv_bytes(row))

    school = School.objects.get()
    assert (school.kind, school.district) == (SchoolKind.LYCEE, None)


def test_invalid_date_is_ignored_with_a_warning():
    report = import_bytes(csv_bytes(ECOLE | {"date_ouverture": "31/02/2001"}))

    assert report.created == 1
    assert report.rejected == []
    assert issues_by_line(report.warnings) == {
        2: "Date d'ouverture « 31/02/2001 » illisible : ignorée."
    }
    assert School.objects.get().opened_on is None


def test_french_date_format_is_read():
    import_bytes(csv_bytes(ECOLE | {"date_ouverture": "01/09/2001"}))

    assert School.objects.get().opened_on == datetime.date(2001, 9, 1)


def test_invalid_email_is_ignored_with_a_warning():
    report = import_bytes(csv_bytes(ECOLE | {"Mail": "pas une adresse"}))

    assert "invalide" in report.warnings[0].message
    assert School.objects.get().email == ""


def test_line_with_a_wrong_number_of_columns_is_rejected():
    data = csv_bytes(ECOLE) + b"0921002P;Ecole\r\n"

    report = import_bytes(data)

    assert issues_by_line(report.rejected) == {3: "La ligne compte 2 colonnes au lieu de 24."}
    assert report.created == 1


def test_control_character_in_a_cell_is_rejected():
    report = import_bytes(csv_bytes(ECOLE | {"Nom_etablissement": "École\x00 Tilleuls"}))

    assert "Caractère de contrôle dans le champ Nom_etablissement" in report.rejected[0].message


def test_too_long_name_is_rejected():
    report = import_bytes(csv_bytes(ECOLE | {"Nom_etablissement": "É" * 201}))

    assert "Nom_etablissement dépasse 200 caractères" in report.rejected[0].message


def test_line_numbers_count_physical_lines_of_multiline_cells():
    first = ECOLE | {"Adresse_1": '"1 rue\r\nbâtiment B"'}
    second = ECOLE | {"Identifiant_de_l_etablissement": "0921002"}

    report = import_bytes(csv_bytes(first, second))

    assert sorted(issues_by_line(report.rejected)) == [2, 4]


def test_lowercase_uai_is_normalised():
    import_bytes(csv_bytes(ECOLE | {"Identifiant_de_l_etablissement": " 0921001n "}))

    assert School.objects.get().uai == "0921001N"


# Caps and crashes ----------------------------------------------------------------------------


def test_file_over_the_size_cap_is_refused(monkeypatch):
    monkeypatch.setattr(import_read, "MAX_IMPORT_BYTES", 1000)

    with pytest.raises(ImportRefused, match="trop volumineux"):
        schools_import(source=SAMPLE)
    assert not School.objects.exists()


def test_file_over_the_row_cap_is_refused(monkeypatch):
    monkeypatch.setattr(import_read, "MAX_IMPORT_ROWS", 12)

    with pytest.raises(ImportRefused, match="12 lignes au plus"):
        schools_import(source=SAMPLE)
    assert not School.objects.exists()


def test_empty_file_is_refused():
    with pytest.raises(ImportRefused, match="vide"):
        import_bytes(b"\r\n")


def test_crash_after_the_writes_leaves_the_database_unchanged(monkeypatch):
    SchoolFactory(uai="0921003R", name="Ancien nom", district=DistrictFactory(name="Nanterre 1"))
    before = snapshot()

    def broken_audit(*args, **kwargs):
        raise RuntimeError("panne simulée")

    monkeypatch.setattr(services.audit, "record", broken_audit)

    with pytest.raises(RuntimeError, match="panne simulée"):
        schools_import(source=SAMPLE)

    assert snapshot() == before
    assert School.objects.get(uai="0921003R").name == "Ancien nom"


def test_crash_mid_file_leaves_the_database_unchanged(monkeypatch):
    before = snapshot()
    real_resolve = services._Districts.resolve
    calls = []

    def resolve_then_fail(self, ref):
        calls.append(ref)
        if len(calls) == 10:  # both districts are created by now
            raise RuntimeError("panne simulée")
        return real_resolve(self, ref)

    monkeypatch.setattr(services._Districts, "resolve", resolve_then_fail)

    with pytest.raises(RuntimeError):
        schools_import(source=SAMPLE)

    assert snapshot() == before


# The command ---------------------------------------------------------------------------------


def run_command(*args) -> str:
    out = StringIO()
    call_command("import_schools", *args, stdout=out)
    return out.getvalue()


def test_command_prints_the_counts_in_french():
    output = run_command(str(SAMPLE))

    assert "Écoles et établissements créés : 13" in output
    assert "Mis à jour : 0" in output
    assert "Inchangés : 0" in output
    assert "Lignes rejetées : 0" in output
    assert "Circonscriptions créées : 2" in output
    assert "Import enregistré." in output
    assert School.objects.count() == 13


def test_command_lists_rejected_lines_and_warnings():
    output = run_command(str(BAD_LINES))

    assert "Lignes rejetées : 4" in output
    assert "Ligne 3 (0921021A) : La lettre de contrôle" in output
    assert "Ligne 6 (0921020J) : Code UAI 0921020J en double : déjà présent ligne 2." in output
    assert "Ligne 8 (0921024N) : École fermée (état FERME) : importée comme fermée." in output


def test_command_dry_run_says_nothing_was_written():
    output = run_command(str(SAMPLE), "--dry-run")

    assert "Simulation : rien n'a été enregistré." in output
    assert not School.objects.exists()


def test_command_strict_fails_and_writes_nothing():
    out = StringIO()

    with pytest.raises(CommandError, match="Import annulé"):
        call_command("import_schools", str(BAD_LINES), "--strict", stdout=out)

    assert "Lignes rejetées : 4" in out.getvalue()
    assert not School.objects.exists()
    assert not AuditEvent.objects.exists()


def test_command_refuses_a_file_missing_a_required_column(tmp_path):
    path = tmp_path / "annuaire.csv"
    path.write_bytes(csv_bytes(ECOLE, header=[h for h in HEADER if h != "Nom_etablissement"]))

    with pytest.raises(CommandError, match=r"Fichier refusé : Colonne.*Nom_etablissement"):
        run_command(str(path))


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run_command(str(tmp_path / "absent.csv"))


def test_command_attributes_the_import_to_a_user():
    UserFactory(username="ien")

    run_command(str(SAMPLE), "--user", "ien")

    assert AuditEvent.objects.get().actor == "ien"


def test_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="Compte inconnu"):
        run_command(str(SAMPLE), "--user", "personne")


# Nothing moves that should not (issue 8, item 6) ---------------------------------------------


def _school_with_a_case(district_name="Nanterre 1"):
    from tests.factories import CaseFactory

    district = DistrictFactory(name=district_name)
    school = SchoolFactory(uai="0921001N", name="École maternelle Les Tilleuls", district=district)
    CaseFactory(school=school)
    return school


def test_a_school_with_cases_keeps_its_district_when_the_export_renames_it():
    school = _school_with_a_case()
    report = import_bytes(csv_bytes({**ECOLE, "Nom_circonscription": "Nanterre 1er"}))
    school.refresh_from_db()
    assert school.district.name == "Nanterre 1"
    assert not District.objects.filter(name="Nanterre 1er").exists()  # no empty district either
    [held] = report.held
    assert (held.line, held.uai, held.old, held.new) == (
        2,
        "0921001N",
        "Nanterre 1",
        "Nanterre 1er",
    )
    assert held.holdings.startswith("1 situation")
    text = report.as_text()
    assert "Changements de circonscription refusés : 1" in text
    assert "« Nanterre 1 » → « Nanterre 1er »" in text and "--move-schools-with-cases" in text


def test_the_explicit_option_moves_a_school_with_cases_and_says_so():
    school = _school_with_a_case()
    report = import_bytes(
        csv_bytes({**ECOLE, "Nom_circonscription": "Nanterre 2"}), move_schools_with_cases=True
    )
    school.refresh_from_db()
    assert school.district.name == "Nanterre 2"
    assert [c.new for c in report.moved] == ["Nanterre 2"] and report.held == []
    row = AuditEvent.objects.get(action="update", detail__startswith="import :")
    assert row.district_id == DistrictFactory._meta.model.objects.get(name="Nanterre 1").pk


def test_command_option_moves_schools_with_cases(tmp_path):
    school = _school_with_a_case()
    path = tmp_path / "annuaire.csv"
    path.write_bytes(csv_bytes({**ECOLE, "Nom_circonscription": "Nanterre 2"}))
    out = StringIO()
    call_command("import_schools", str(path), stdout=out)
    school.refresh_from_db()
    assert school.district.name == "Nanterre 1" and "refusés : 1" in out.getvalue()
    call_command("import_schools", str(path), "--move-schools-with-cases", stdout=StringIO())
    school.refresh_from_db()
    assert school.district.name == "Nanterre 2"


def test_every_change_of_district_is_listed_even_without_cases():
    DistrictFactory(name="Nanterre 1")
    SchoolFactory(uai="0921001N", district=District.objects.get(name="Nanterre 1"))
    report = import_bytes(csv_bytes({**ECOLE, "Nom_circonscription": "Colombes 2"}))
    assert [(c.old, c.new, c.held) for c in report.moved] == [("Nanterre 1", "Colombes 2", False)]
    assert "Changements de circonscription : 1" in report.as_text()
    assert School.objects.get(uai="0921001N").district.name == "Colombes 2"


def test_an_unchanged_district_is_not_listed():
    DistrictFactory(name="Nanterre 1")
    SchoolFactory(uai="0921001N", district=District.objects.get(name="Nanterre 1"))
    report = import_bytes(csv_bytes({**ECOLE, "Nom_circonscription": "NANTERRE 1"}))
    assert report.district_changes == []


def test_a_file_mixing_encodings_is_refused_with_its_line_numbers():
    utf8 = csv_bytes(ECOLE, {**ECOLE, "Identifiant_de_l_etablissement": "0921002P"})
    cp1252_line = ";".join(
        {
            **ECOLE,
            "Identifiant_de_l_etablissement": "0921003R",
            "Nom_etablissement": "École Hélène",
        }.get(column, "")
        for column in HEADER
    ).encode("cp1252")
    data = utf8 + cp1252_line + b"\r\n"
    before = snapshot()
    with pytest.raises(ImportRefused) as refused:
        import_bytes(data)
    message = str(refused.value)
    assert "mélange deux encodages" in message
    assert "ligne(s) 2, 3 en UTF-8" in message and "ligne(s) 4 en Windows-1252" in message
    assert snapshot() == before


def test_a_whole_cp1252_file_is_still_read():
    report = import_bytes(csv_bytes(ECOLE, encoding="cp1252"))
    assert report.encoding == "Windows-1252" and report.created == 1
    assert School.objects.get().name == "École maternelle Les Tilleuls"
