from django.apps import AppConfig


class ResourcesHubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources_hub"
    verbose_name = "Mieux prendre en charge"

    def ready(self) -> None:
        from directory import dashboard
        from directory.permissions import register
        from resources_hub import actions_protocol, dashboard_cache, district_sync, pole_seats
        from resources_hub.permissions import PERMISSIONS
        from resources_hub.views.dashboard import district_panel, school_panel

        register(PERMISSIONS)
        district_sync.connect()
        dashboard_cache.connect()
        pole_seats.connect()
        dashboard.register_district_panel(district_panel)
        dashboard.register_school_panel(school_panel)
        dashboard.register_yearly_figures(__import__("resources_hub.yearly").yearly.yearly_figures)
        actions_protocol.register()

        from resources_hub import actions_reports

        dashboard.register_action_provider(actions_reports.report_actions)
        dashboard.register_district_panel(actions_reports.district_reports_panel)
        dashboard.register_school_panel(actions_reports.school_reports_panel)
