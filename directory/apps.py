from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate


def _school_years(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """This school year's row and the next one's, written by `migrate` so that a page read around
    1 September finds them (``SchoolYear.current()`` creates a missing one only as a fallback)."""
    from django.utils import timezone

    from directory.models import SchoolYear

    if SchoolYear._meta.db_table not in connections[using].introspection.table_names():
        return
    start = SchoolYear.start_year_for(timezone.localdate())
    for year in (start, start + 1):
        SchoolYear.objects.using(using).get_or_create(start_year=year)


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from directory import actions_admin, converters, dashboard, lookups, signals  # noqa: F401
        from directory.admin import tidy_library_admin
        from directory.notifications import Event, register_events

        dashboard.register_action_provider(actions_admin.admin_actions)
        converters.register()
        lookups.register()
        post_migrate.connect(_school_years, sender=self, dispatch_uid="directory-school-years")
        register_events(
            {
                "audit.alert": Event(
                    "Accès inhabituel à vérifier dans le journal d'audit",
                    "Un accès inhabituel est à vérifier dans le journal d'audit",
                )
            }
        )
        tidy_library_admin()
