from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "outreach"
    verbose_name = "Informer"

    def ready(self) -> None:
        from directory import dashboard
        from directory.notifications import Event, register_events
        from directory.permissions import register
        from outreach.dashboard import actions, district_panel
        from outreach.permissions import PERMISSIONS
        from outreach.yearly import yearly_figures

        register(PERMISSIONS)
        register_events(
            {
                "outreach.event_reminder": Event(
                    "Rappel : un événement auquel vous êtes inscrit·e approche",
                    "Rappel : un événement auquel vous êtes inscrit·e approche",
                ),
                "outreach.post_submitted": Event(
                    "Une actualité attend votre modération",
                    "Une actualité attend votre modération",
                ),
                "outreach.post_moderated": Event(
                    "Votre actualité a été modérée", "Votre actualité a été modérée"
                ),
                "outreach.bilan_signed": Event(
                    "Un bilan annuel d'école a été transmis",
                    "Un bilan annuel d'école a été transmis",
                ),
            }
        )
        dashboard.register_action_provider(actions)
        dashboard.register_district_panel(district_panel)
        dashboard.register_yearly_figures(yearly_figures)
