"""Remind registrants of the events starting in the next 48 hours (idempotent: run hourly)."""

from django.core.management.base import BaseCommand

from outreach.services.events import send_reminders


class Command(BaseCommand):
    help = (
        "Rappelle leur inscription aux personnes inscrites aux événements des 48 prochaines heures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--heures", type=int, default=48)

    def handle(self, *args, **options):
        sent = send_reminders(hours=options["heures"])
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
