from django.urls import path

from outreach.views import bilan, events, parents, posts, practices, report, reserve, slideshow
from outreach.views.index import index

app_name = "outreach"

urlpatterns = [
    path("", index, name="index"),
    *parents.urlpatterns,
    *events.urlpatterns,
    *bilan.urlpatterns,
    *report.urlpatterns,
    *posts.urlpatterns,
    *practices.urlpatterns,
    *slideshow.urlpatterns,
    *reserve.urlpatterns,
]
