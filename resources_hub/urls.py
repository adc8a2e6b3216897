"""URLs of « Mieux prendre en charge »: each area's view module lists its own patterns."""

from importlib import import_module

from django.urls import path

from resources_hub.views.index import IndexView

app_name = "resources_hub"

AREAS = [
    "reports",
    "pupil_entry",
    "pupil",
    "cases",
    "case_writes",
    "case_people",
    "case_steps",
    "transfers",
    "observations",
    "bilan",
    "pole",
    "plans",
    "protocol",
    "dashboard",
]

urlpatterns = [path("", IndexView.as_view(), name="index")]
for area in AREAS:
    try:
        module = import_module(f"resources_hub.views.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"resources_hub.views.{area}":
            raise
        continue
    urlpatterns += module.urlpatterns
