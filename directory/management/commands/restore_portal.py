"""Restore a backup made by backup_portal into an empty database (after migrate)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from directory.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de backup_portal dans une base neuve : applique les migrations, "
        "vérifie les empreintes, charge les données, compare les comptes, remet les fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive (.tar.gz).")
        parser.add_argument("--database", default="default", help="Base où restaurer.")

    def handle(self, *args, archive: str, database: str, **options):
        call_command("migrate", database=database, verbosity=0, interactive=False)
        try:
            result = restore(archive, using=database)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restauration impossible : {exc}") from exc
        self.stdout.write(
            f"Restauration terminée : {result['rows']} enregistrement(s), "
            f"{result['files']} fichier(s) ; comptes identiques à la sauvegarde."
        )
