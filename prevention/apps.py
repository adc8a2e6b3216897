from django.apps import AppConfig


class PreventionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prevention"
    verbose_name = "Prévenir"

    def ready(self) -> None:
        from directory import dashboard
        from directory.permissions import register
        from prevention import dashboard as ours
        from prevention.permissions import PERMISSIONS

        register(PERMISSIONS)
        dashboard.register_district_panel(ours.district_panel)
        dashboard.register_school_panel(ours.school_panel)
        dashboard.register_action_provider(ours.next_actions)
        dashboard.register_yearly_figures(ours.yearly_figures)
