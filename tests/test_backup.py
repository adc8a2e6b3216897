"""Issue 8 item 11: backup_portal then restore_portal into an empty database gives back every
record of every model and every uploaded file, identical."""

import io
import json
import tarfile
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from directory.backup import EXCLUDED, backed_up_models
from directory.models import School, User
from resources_hub import services
from resources_hub.services import pupil as pupil_services
from tests.factories import CaseFactory


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 60)).save(out, format="PNG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _rows(model, using: str) -> list:
    fields = [f.attname for f in model._meta.concrete_fields]
    return list(model._base_manager.using(using).order_by("pk").values_list(*fields))


def _files(root) -> dict:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.fixture
def portal(db, settings, tmp_path):
    """The demo, a case with its files and a pupil's report and thread."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--force", stdout=io.StringIO())
    director = User.objects.get(username="directeur")
    school = School.objects.filter(reports__isnull=False).first() or School.objects.first()
    case = CaseFactory(school=school, reference="S-2026-0500")
    for name, content in [("photo.png", _png()), ("compte-rendu.pdf", PDF)]:
        services.attachment_add(
            case=case,
            upload=SimpleUploadedFile(name, content),
            description="pièce",
            user=director,
        )
    access = services.pupil_access_for(school)
    report, _ = pupil_services.pupil_report_submit(
        access=access, data={"description": "On me tape."}, form_key=uuid.uuid4().hex
    )
    pupil_services.pupil_message_add(report=report, body="Encore.", form_key="k")
    return tmp_path


@pytest.mark.django_db(databases=["default", "restore"])
def test_backup_then_restore_gives_back_every_record_and_file(portal, settings):
    archive = portal / "sauvegarde.tar.gz"
    out = io.StringIO()
    call_command("backup_portal", str(archive), stdout=out)
    assert "Sauvegarde écrite" in out.getvalue()
    media_before = _files(portal / "media")
    assert len(media_before) >= 2

    settings.MEDIA_ROOT = portal / "restored-media"
    out = io.StringIO()
    call_command("restore_portal", str(archive), database="restore", stdout=out)
    assert "comptes identiques" in out.getvalue()

    with_rows = 0
    for model in backed_up_models():
        before, after = _rows(model, "default"), _rows(model, "restore")
        assert before == after, model._meta.label
        with_rows += bool(before)
    assert with_rows >= 25  # the demo fills most models: the drill is not vacuous
    assert _files(portal / "restored-media") == media_before


@pytest.mark.django_db(databases=["default", "restore"])
def test_restore_refuses_a_database_in_use(portal):
    archive = portal / "sauvegarde.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="n'est pas vide"):
        call_command("restore_portal", str(archive), stdout=io.StringIO())


def _rewrite(source, target, change) -> None:
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            name, data = change(member.name, data)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda n, d: (n, d.replace(b"On me tape.", b"Rien.")) if n == "data.json" else (n, d),
            "empreinte des données",
        ),
        (lambda n, d: (n, d + b"x") if n.startswith("media/") else (n, d), "a changé"),
        (
            lambda n, d: (
                (n, json.dumps({**json.loads(d), "files": {"../evil": "0"}}).encode())
                if n == "manifest.json"
                else (n, d)
            ),
            "chemin de fichier refusé",
        ),
    ],
    ids=["data", "file", "traversal"],
)
@pytest.mark.django_db(databases=["default", "restore"])
def test_a_damaged_or_forged_archive_is_refused(portal, settings, change, message):
    archive, forged = portal / "a.tar.gz", portal / "b.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    _rewrite(archive, forged, change)
    settings.MEDIA_ROOT = portal / "restored-media"
    with pytest.raises(CommandError, match=message):
        call_command("restore_portal", str(forged), database="restore", stdout=io.StringIO())
    assert not (portal / "evil").exists()


def test_what_is_left_out_is_what_migrate_recreates_or_must_not_survive():
    assert set(EXCLUDED) == {
        "contenttypes",
        "auth.permission",
        "sessions",
        "directory.ratelimitbucket",
    }


@pytest.mark.django_db(databases=["default", "restore"])
def test_restore_replaces_the_reference_rows_migrate_wrote_in_the_new_database(portal, settings):
    """`migrate` writes reference rows (this school year and the next, the help numbers, the
    standard questionnaire) into the new database, under keys of its own: a database migrated in
    another year holds other years. The restore gives back the backed-up rows, no more."""
    from directory.models import SchoolYear

    SchoolYear.objects.using("restore").create(pk=9999, start_year=2019)
    archive = portal / "sauvegarde.tar.gz"
    call_command("backup_portal", str(archive), stdout=io.StringIO())
    settings.MEDIA_ROOT = portal / "restored-media"

    call_command("restore_portal", str(archive), database="restore", stdout=io.StringIO())

    assert _rows(SchoolYear, "restore") == _rows(SchoolYear, "default")
    assert not SchoolYear.objects.using("restore").filter(start_year=2019).exists()
