"""Move every overdue seat offer on to the next waiting person (run hourly; idempotent)."""

from django.core.management.base import BaseCommand

from training.services.offer import offers_expire


class Command(BaseCommand):
    help = "Fait passer les places proposées non acceptées à la personne suivante."

    def handle(self, *args, **options):
        count = offers_expire()
        self.stdout.write(f"{count} proposition(s) expirée(s).")
