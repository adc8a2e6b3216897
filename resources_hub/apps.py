from django.apps import AppConfig


class ResourcesHubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources_hub"
    verbose_name = "Mieux prendre en charge"

    def ready(self) -> None:
        from directory.permissions import register
        from resources_hub.permissions import PERMISSIONS

        register(PERMISSIONS)
