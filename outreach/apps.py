from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"
    verbose_name = "Informer"

    def ready(self) -> None:
        from directory.permissions import register
        from outreach.permissions import PERMISSIONS

        register(PERMISSIONS)
