"""URLs of « Prévenir »: each area's view module lists its own patterns."""

from importlib import import_module

from prevention.views.index import urlpatterns as index_urls

app_name = "prevention"

AREAS = ["actions", "calendar", "coverage", "catalogue", "surveys", "pupil", "contest"]

urlpatterns = list(index_urls)
for area in AREAS:
    try:
        module = import_module(f"prevention.views.{area}")
    except ModuleNotFoundError as exc:
        if exc.name != f"prevention.views.{area}":
            raise
        continue
    urlpatterns += module.urlpatterns
