"""Remind the enrolled of their sessions in the next 48 hours (run daily; idempotent)."""

from django.core.management.base import BaseCommand

from training.services.offer import reminders_send


class Command(BaseCommand):
    help = "Rappelle aux inscrit·es les sessions des prochaines 48 heures."

    def add_arguments(self, parser):
        parser.add_argument("--heures", type=int, default=48)

    def handle(self, *args, **options):
        count = reminders_send(hours_ahead=options["heures"])
        self.stdout.write(f"{count} rappel(s) envoyé(s).")
