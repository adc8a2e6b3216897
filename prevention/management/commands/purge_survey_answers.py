"""Delete the anonymous survey answers of past school years (DESIGN.md §4: answers are deleted
at the end of the school year). ``--dry-run`` lists what would go. Campaigns, codes and the
questionnaires stay; the yearly counts already published are not recomputed."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count

from directory import audit
from directory.models import SchoolYear
from prevention.models import Response, SurveyCode


class Command(BaseCommand):
    help = "Supprime les réponses anonymes aux enquêtes des années scolaires passées."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Lister sans supprimer.")

    def handle(self, *args, dry_run: bool = False, **options):
        current = SchoolYear.current()
        old = Response.objects.filter(campaign__year__start_year__lt=current.start_year)
        rows = (
            old.values(
                "campaign_id",
                "campaign__title",
                "campaign__school__name",
                "campaign__year__start_year",
            )
            .annotate(n=Count("pk"))
            .order_by("campaign__year__start_year", "campaign_id")
        )
        total = 0
        for row in rows:
            total += row["n"]
            start = row["campaign__year__start_year"]
            self.stdout.write(
                f"{start}-{start + 1} campagne n° {row['campaign_id']} "
                f"({row['campaign__school__name']}) : {row['n']} réponse(s)"
            )
        if dry_run:
            self.stdout.write(f"{total} réponse(s) seraient supprimées (simulation).")
            return
        with transaction.atomic():
            old.delete()
            SurveyCode.objects.filter(campaign__year__start_year__lt=current.start_year).delete()
            audit.record("delete", detail=f"réponses d'enquête des années passées : {total}")
        self.stdout.write(self.style.SUCCESS(f"{total} réponse(s) supprimées."))
