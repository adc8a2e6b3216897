from django.urls import path

from prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
