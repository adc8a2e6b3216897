"""Daily: remind the handlers of the case reviews due tomorrow and of those overdue."""

from django.core.management.base import BaseCommand

from resources_hub.services.reviews import case_reviews_notify


class Command(BaseCommand):
    help = (
        "Prévient les intervenants des points de suivi prévus demain ou en retard "
        "(une seule fois par situation et par date : peut tourner plusieurs fois par jour)."
    )

    def handle(self, *args, **options):
        result = case_reviews_notify()
        self.stdout.write(
            f"{result.due} rappel(s) de point de suivi prévu demain, "
            f"{result.overdue} rappel(s) de point de suivi en retard."
        )
