from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directory import auth_views as hz_auth
from directory import views as directory_views

admin.site.site_header = "Harcèlement Zéro — administration"
admin.site.site_title = "Harcèlement Zéro"
admin.site.index_title = "Administration du portail"

urlpatterns = [
    path("", directory_views.home, name="home"),
    path("healthz", directory_views.healthz, name="healthz"),
    path("connexion/", hz_auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("compte/mot-de-passe/", hz_auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "compte/mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("compte/double-authentification/", hz_auth.otp_verify, name="otp-verify"),
    path("compte/double-authentification/activer/", hz_auth.otp_setup, name="otp-setup"),
    path("", include("directory.urls")),
    path("prevenir/", include("prevention.urls")),
    path("prendre-en-charge/", include("resources_hub.urls")),
    path("former/", include("training.urls")),
    path("informer/", include("outreach.urls")),
    path("admin/", admin.site.urls),
]

if settings.HZ_BENCH:  # the bench's baseline page; never routed in production
    from config import bench

    urlpatterns.insert(0, path("_banc/reference/", bench.baseline, name="bench-baseline"))

handler400 = "directory.errors.bad_request"
handler403 = "directory.errors.permission_denied"
handler404 = "directory.errors.page_not_found"
handler500 = "directory.errors.server_error"
