"""Back up the portal: the database (portable JSON) and the uploaded files, in one archive."""

from django.core.management.base import BaseCommand, CommandError

from directory.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données (JSON portable) et les fichiers déposés dans une seule "
        "archive .tar.gz. L'archive contient toutes les données en clair : chiffrez-la."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive à écrire (.tar.gz).")
        parser.add_argument("--database", default="default", help="Base à sauvegarder.")

    def handle(self, *args, archive: str, database: str, **options):
        try:
            manifest = backup(archive, using=database)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Sauvegarde impossible : {exc}") from exc
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Sauvegarde écrite dans {archive} : {rows} enregistrement(s), "
            f"{len(manifest['files'])} fichier(s)."
        )
