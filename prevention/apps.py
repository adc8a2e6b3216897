from django.apps import AppConfig


class PreventionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prevention"
    verbose_name = "Prévenir"

    def ready(self) -> None:
        from directory import dashboard
        from directory.notifications import Event, register_events
        from directory.permissions import register
        from prevention import dashboard as ours
        from prevention import seeding
        from prevention.permissions import PERMISSIONS

        register(PERMISSIONS)
        seeding.connect(self)
        register_events(
            {
                "prevention.jury_open": Event(
                    "Le jury du concours est ouvert : à vous de noter",
                    "Le jury du concours « Non au harcèlement » est ouvert",
                ),
                "prevention.contest_results": Event(
                    "Les résultats du concours « Non au harcèlement » sont publiés",
                    "Les résultats du concours « Non au harcèlement » sont publiés",
                ),
            }
        )
        dashboard.register_district_panel(ours.district_panel)
        dashboard.register_school_panel(ours.school_panel)
        dashboard.register_action_provider(ours.next_actions)
        dashboard.register_yearly_figures(ours.yearly_figures)
