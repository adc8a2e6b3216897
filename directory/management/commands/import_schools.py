"""Import the national school directory export ("Annuaire de l'éducation") from the shell."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.services import ImportRefused, schools_import


class Command(BaseCommand):
    help = (
        "Importe l'export CSV de l'Annuaire de l'éducation (séparateur « ; », UTF-8 ou "
        "Windows-1252) : crée ou met à jour les écoles par code UAI, sans doublon."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Fichier CSV exporté de l'annuaire.")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Une seule ligne rejetée annule tout l'import (par défaut : les lignes valides "
            "sont importées et les lignes rejetées signalées).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vérifie le fichier et compte les changements sans rien enregistrer.",
        )
        parser.add_argument(
            "--move-schools-with-cases",
            action="store_true",
            help="Accepte qu'une école ayant des situations, signalements ou autres données "
            "change de circonscription (par défaut, elle garde la sienne et le rapport le dit).",
        )
        parser.add_argument(
            "--user",
            metavar="IDENTIFIANT",
            help="Compte à qui attribuer l'import dans le journal d'audit.",
        )

    def handle(self, *args, path: Path, strict: bool, dry_run: bool, user: str | None, **options):
        actor = self._actor(user)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = schools_import(
                source=path,
                strict=strict,
                dry_run=dry_run,
                user=actor,
                move_schools_with_cases=options.get("move_schools_with_cases", False),
            )
        except ImportRefused as exc:
            raise CommandError(f"Fichier refusé : {exc}") from exc
        self.stdout.write(report.as_text())
        if report.aborted:
            raise CommandError("Import annulé : corrigez les lignes rejetées ou retirez --strict.")

    def _actor(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Compte inconnu : {username}") from exc
