from django.apps import AppConfig


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = "Former"

    def ready(self) -> None:
        from directory import dashboard
        from directory.notifications import register_events
        from directory.permissions import register
        from training.dashboard import (
            EVENTS,
            district_panel,
            next_actions,
            school_panel,
            yearly_figures,
        )
        from training.permissions import PERMISSIONS

        register(PERMISSIONS)
        register_events(EVENTS)
        dashboard.register_district_panel(district_panel)
        dashboard.register_school_panel(school_panel)
        dashboard.register_action_provider(next_actions)
        dashboard.register_yearly_figures(yearly_figures)
