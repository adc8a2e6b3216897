"""The kinds of training the district's plan names."""

from decimal import Decimal

from django.db import migrations

KINDS = [
    (
        "magistere",
        "Parcours M@gistère « Lutte contre le harcèlement à l'école » (premier degré)",
        True,
        Decimal(3),
        "formation",
        "Parcours en autonomie : chacun·e déclare la date à laquelle il ou elle l'a terminé.",
    ),
    ("pes-pa3", "Formation des PES et des PA3", False, Decimal(3), "formation", ""),
    ("pole", "Formation du pôle ressources (pHARe)", False, Decimal(6), "hors", ""),
    ("parents", "Formation des parents ambassadeurs", False, Decimal(2), "hors", ""),
    ("circonscription", "Animation pédagogique de circonscription", False, Decimal(3), "formation", ""),
]


def seed(apps, schema_editor):
    TrainingKind = apps.get_model("training", "TrainingKind")
    for order, (code, name, self_paced, hours, budget, description) in enumerate(KINDS):
        TrainingKind.objects.using(schema_editor.connection.alias).update_or_create(
            code=code,
            defaults={
                "name": name,
                "self_paced": self_paced,
                "default_hours": hours,
                "default_budget": budget,
                "description": description,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    TrainingKind = apps.get_model("training", "TrainingKind")
    TrainingKind.objects.using(schema_editor.connection.alias).filter(code__in=[k[0] for k in KINDS], sessions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_offer_meetings_ambassadors")]

    operations = [migrations.RunPython(seed, unseed)]
