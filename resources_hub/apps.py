from django.apps import AppConfig


class ResourcesHubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources_hub"
    verbose_name = "Mieux prendre en charge"

    def ready(self) -> None:
        from directory import dashboard
        from directory.permissions import POLE_SEAT, register, register_implicit_role
        from resources_hub import actions_protocol
        from resources_hub.permissions import PERMISSIONS
        from resources_hub.pole_seats import pole_seats
        from resources_hub.views.dashboard import district_panel, school_panel

        register(PERMISSIONS)
        register_implicit_role(POLE_SEAT, pole_seats)
        dashboard.register_district_panel(district_panel)
        dashboard.register_school_panel(school_panel)
        actions_protocol.register()
