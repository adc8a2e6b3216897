"""Reference data « Prévenir » needs before anyone reads a page: the plan's catalogue of action
types (per district) and the standard climate questionnaire (académie-wide).

They are written by writes only: a district's creation seeds its catalogue, and every `migrate`
(like Django's own content types) seeds what is missing. A page being read never creates them.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate, post_save

from directory.models import District


def _district_created(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from prevention.services.actions import catalogue_for

        catalogue_for(instance)


def seed_missing(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """The standard questionnaire and the catalogue of every district that has none."""
    from prevention.models import ActionType, Questionnaire
    from prevention.services.actions import catalogue_for
    from prevention.standard_survey import standard_questionnaire

    if using != DEFAULT_DB_ALIAS:
        return
    tables = set(connections[using].introspection.table_names())
    if not {Questionnaire._meta.db_table, ActionType._meta.db_table} <= tables:
        return  # migrated backwards: nothing to seed into
    standard_questionnaire()
    for district in District.objects.exclude(
        pk__in=ActionType.objects.values("district_id")
    ).iterator():
        catalogue_for(district)


def connect(app_config) -> None:
    post_save.connect(_district_created, sender=District, dispatch_uid="prevention-catalogue")
    post_migrate.connect(seed_missing, sender=app_config, dispatch_uid="prevention-seed")
