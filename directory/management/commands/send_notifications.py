"""Send what the task queue could not (SMTP was down) and, with --digest, the daily digests."""

from django.core.management.base import BaseCommand

from directory import notifications


class Command(BaseCommand):
    help = (
        "Envoie les courriels de notification en attente (SMTP indisponible plus tôt) et, avec "
        "--digest, le résumé quotidien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true", help="Envoyer aussi les résumés.")

    def handle(self, *args, **options):
        sent = notifications.send_pending()
        self.stdout.write(f"{sent} courriel(s) en attente envoyé(s).")
        if options["digest"]:
            digests = notifications.send_digests()
            self.stdout.write(f"{digests} résumé(s) quotidien(s) envoyé(s).")
