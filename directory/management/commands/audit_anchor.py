"""Anchor the audit log's chains outside the database: run it daily (cron, or the worker's host).

It verifies the chains, then writes the head of each one to standard output and to the log, where
the database cannot rewrite it; the IEN's journal page shows the last anchors too.
"""

from django.core.management.base import BaseCommand, CommandError

from directory import audit


class Command(BaseCommand):
    help = (
        "Vérifie le journal d'audit puis écrit l'empreinte de la tête de chaque chaîne dans le "
        "journal du serveur (à lancer chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Vérifie les chaînes et les ancres sans en écrire de nouvelle.",
        )

    def handle(self, *args, verify_only: bool = False, **options):
        broken = audit.verify_chain()
        if broken:
            shown = ", ".join(str(pk) for pk in broken[:20])
            raise CommandError(
                f"Journal d'audit altéré : {len(broken)} entrée(s) ou ancre(s) ne concordent "
                f"pas (n° {shown}). Aucune ancre n'a été écrite."
            )
        self.stdout.write("Journal d'audit vérifié : aucune altération.")
        if verify_only:
            return
        made = audit.anchor()
        self.stdout.write(f"Ancre du journal d'audit : {audit.anchor_line(made)}")
