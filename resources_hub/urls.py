from django.urls import path

from resources_hub import views

app_name = "resources_hub"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
