from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "Former"

    def ready(self) -> None:
        from directory.permissions import register
        from training.permissions import PERMISSIONS

        register(PERMISSIONS)
