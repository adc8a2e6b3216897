from django.apps import AppConfig


class ResourcesHubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources_hub"
    verbose_name = "Mieux prendre en charge"

    def ready(self) -> None:
        from directory import dashboard
        from directory.permissions import register
        from resources_hub import actions_protocol, pole_seats
        from resources_hub.permissions import PERMISSIONS
        from resources_hub.views.dashboard import district_panel, school_panel

        register(PERMISSIONS)
        pole_seats.connect()
        dashboard.register_district_panel(district_panel)
        dashboard.register_school_panel(school_panel)
        actions_protocol.register()
