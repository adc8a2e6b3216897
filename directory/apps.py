from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Annuaire"

    def ready(self) -> None:
        from directory import converters, lookups, signals  # noqa: F401
        from directory.admin import tidy_library_admin
        from directory.notifications import Event, register_events

        converters.register()
        lookups.register()
        register_events(
            {
                "audit.alert": Event(
                    "Accès inhabituel à vérifier dans le journal d'audit",
                    "Un accès inhabituel est à vérifier dans le journal d'audit",
                )
            }
        )
        tidy_library_admin()
