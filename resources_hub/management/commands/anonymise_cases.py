"""Anonymise the closed cases past their retention period, purge the old audit rows and the ended
rate-limit windows (with their salts)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from directory import ratelimit
from resources_hub import services
from resources_hub.services.retention import audit_purge

MAX_DAYS = 3 * 365


class Command(BaseCommand):
    help = (
        "Anonymise les situations closes depuis plus que la durée de conservation "
        "(HZ_CASE_RETENTION_DAYS, 3 ans au plus) et purge le journal d'audit au-delà de "
        "HZ_AUDIT_RETENTION_DAYS. Avec --dry-run, n'écrit rien et liste ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Simulation : affiche ce qui serait fait sans rien modifier.",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Durée de conservation après la clôture, en jours (par défaut "
                f"{settings.HZ_CASE_RETENTION_DAYS}, au plus {MAX_DAYS})."
            ),
        )

    def handle(self, *args, dry_run: bool = False, days: int | None = None, **options):
        days = settings.HZ_CASE_RETENTION_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise CommandError(
                f"Durée de conservation invalide : {days} jours. Indiquez entre 1 et {MAX_DAYS} "
                "jours (3 ans au plus)."
            )
        if dry_run:
            self.stdout.write("Simulation (--dry-run) : rien ne sera modifié.")
        self._cases(days, dry_run)
        self._audit(dry_run)
        if not dry_run:
            purged = ratelimit.purge_expired()
            self.stdout.write(f"Compteurs anti-abus périmés supprimés : {purged}.")

    def _cases(self, days: int, dry_run: bool) -> None:
        report = services.cases_anonymise(older_than_days=days, dry_run=dry_run)
        cutoff = f"{report.cutoff:%d/%m/%Y}"
        self.stdout.write(
            f"Situations closes avant le {cutoff} (conservation : {days} jours après la clôture)."
        )
        count = len(report.cases)
        if not count:
            self.stdout.write("Aucune situation à anonymiser.")
            return
        verb = "seraient anonymisées" if dry_run else "anonymisées"
        if count == 1:
            verb = verb.replace("ées", "ée").replace("seraient", "serait")
        self.stdout.write(f"{count} situation{'s' if count > 1 else ''} {verb} :")
        for reference in report.cases:
            self.stdout.write(f"  - {reference}")

    def _audit(self, dry_run: bool) -> None:
        days = settings.HZ_AUDIT_RETENTION_DAYS
        report = audit_purge(older_than_days=days, dry_run=dry_run)
        cutoff = f"{timezone.localtime(report.cutoff):%d/%m/%Y}"
        verb = "seraient supprimées" if dry_run else "supprimées"
        self.stdout.write(
            f"Journal d'audit (conservation : {days} jours) : {report.count} entrée(s) "
            f"antérieure(s) au {cutoff} {verb}."
        )
