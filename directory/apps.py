from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from directory import converters, lookups, signals  # noqa: F401

        converters.register()
        lookups.register()
