"""Backup and restore of the whole portal: the database as portable JSON (Django's serializer, so
an SQLite backup restores into PostgreSQL and back) and the uploaded files, in one ``.tar.gz``.

The archive holds ``manifest.json`` (format, date, row counts per model, SHA-256 of every member),
``data.json`` and ``media/…``. Left out, with the reason: content types and permissions (recreated
by ``migrate``), sessions (a restore must not revive sign-ins) and rate-limit counters (short-lived
by design, and their salts must die with their window).

The archive holds every case and report in clear: store it encrypted, on a machine the portal
cannot write to, for no longer than the retention periods (README, « Sauvegarde »).
"""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = "harcelement-zero-backup/1"
SERIALIZER = "hzjson"  # JSON, date-times to the microsecond (directory/backup_json.py)
serializers.register_serializer(SERIALIZER, "directory.backup_json")
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "directory.ratelimitbucket"]
# Tables whose rows say the database is in use: a restore never goes over them.
IN_USE = ["directory.user", "directory.school", "directory.auditevent", "resources_hub.case"]


class BackupError(Exception):
    """A French message for the operator."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backed_up_models() -> list:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
    ]


def row_counts(using: str = "default") -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in backed_up_models()
    }


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def backup(path: str, *, using: str = "default") -> dict:
    """Write the archive; return its manifest."""
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, "data.json")
        with transaction.atomic(using=using):  # one consistent snapshot of every table
            call_command(
                "dumpdata",
                *[f"--exclude={label}" for label in EXCLUDED],
                natural_foreign=True,
                format=SERIALIZER,
                database=using,
                output=str(dump),
                verbosity=0,
            )
            counts = row_counts(using)
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "counts": counts,
            "data_sha256": _file_sha256(dump),
            "files": {},
        }
        with tarfile.open(path, "w:gz") as archive:
            archive.add(dump, arcname="data.json")
            _add_media(archive, manifest["files"])
            _add(archive, "manifest.json", json.dumps(manifest, indent=1).encode())
    return manifest


def _add_media(archive: tarfile.TarFile, files: dict) -> None:
    root = Path(settings.MEDIA_ROOT)
    for file in _media_files():
        content = file.read_bytes()
        name = str(PurePosixPath("media", *file.relative_to(root).parts))
        files[name] = _sha256(content)
        _add(archive, name, content)


def _safe_media_name(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] != "media":
        return None
    return PurePosixPath(*path.parts[1:])


def _read(archive: tarfile.TarFile, name: str) -> bytes:
    try:
        member = archive.getmember(name)
    except KeyError as exc:
        raise BackupError(f"Archive incomplète : « {name} » manque.") from exc
    if not member.isfile():
        raise BackupError(f"Archive invalide : « {name} » n'est pas un fichier.")
    return archive.extractfile(member).read()


def _check_empty(using: str) -> None:
    used = [label for label in IN_USE if apps.get_model(label)._base_manager.using(using).exists()]
    if used:
        raise BackupError(
            "La base de données n'est pas vide (" + ", ".join(used) + ") : la restauration se "
            "fait dans une base neuve, après « python manage.py migrate »."
        )


def _manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(_read(archive, "manifest.json"))
    except ValueError as exc:
        raise BackupError("Archive invalide : manifeste illisible.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("Ce fichier n'est pas une sauvegarde de Harcèlement Zéro.")
    return manifest


def _extract_data(archive: tarfile.TarFile, manifest: dict, target: Path) -> None:
    member = archive.getmember("data.json") if "data.json" in archive.getnames() else None
    if member is None or not member.isfile():
        raise BackupError("Archive incomplète : « data.json » manque.")
    with archive.extractfile(member) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, 1 << 20)
    if _file_sha256(target) != manifest.get("data_sha256"):
        raise BackupError("Archive endommagée : l'empreinte des données ne correspond pas.")


def _restore_files(archive: tarfile.TarFile, manifest: dict) -> int:
    root = Path(settings.MEDIA_ROOT)
    written = 0
    for name, digest in manifest.get("files", {}).items():
        relative = _safe_media_name(name)
        if relative is None:
            raise BackupError(f"Archive invalide : chemin de fichier refusé (« {name} »).")
        content = _read(archive, name)
        if _sha256(content) != digest:
            raise BackupError(f"Archive endommagée : le fichier « {name} » a changé.")
        target = root.joinpath(*relative.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    return written


def restore(path: str, *, using: str = "default") -> dict:
    """Restore the archive into an empty (migrated) database; return the row counts."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            return _restore_from(archive, using)
    except (OSError, EOFError, tarfile.TarError) as exc:
        raise BackupError(f"Impossible de lire l'archive « {path} » : {exc}") from exc


def _clear_what_migrate_wrote(using: str) -> None:
    """`migrate` writes reference rows into the new database (help numbers, this school year and
    the next, the standard questionnaire…); the archive holds them as they were, under their own
    keys. Clear them first, so that the restored database is the backed-up one, row for row."""
    for model in reversed(backed_up_models()):
        rows = model._base_manager.using(using).all()
        if rows.exists():
            rows.delete()


def _restore_from(archive: tarfile.TarFile, using: str) -> dict:
    manifest = _manifest(archive)
    _check_empty(using)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder, f"data.{SERIALIZER}")
        _extract_data(archive, manifest, dump)
        with transaction.atomic(using=using):
            _clear_what_migrate_wrote(using)
            call_command("loaddata", str(dump), database=using, verbosity=0)
            counts = row_counts(using)
            expected = manifest["counts"]
            different = {
                label: (expected.get(label, 0), count)
                for label, count in counts.items()
                if count != expected.get(label, 0)
            }
            if different:
                raise BackupError(f"Restauration incomplète, comptes différents : {different}")
    files = _restore_files(archive, manifest)
    return {"rows": sum(counts.values()), "files": files, "counts": counts}
