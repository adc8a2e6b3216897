from django.apps import AppConfig


class PreventionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prevention"
    verbose_name = "Prévenir"

    def ready(self) -> None:
        from directory.permissions import register
        from prevention.permissions import PERMISSIONS

        register(PERMISSIONS)
