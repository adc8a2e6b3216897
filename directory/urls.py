from django.urls import path

from directory import notification_views, partners, views

app_name = "directory"

urlpatterns = [
    path("accueil/circonscription/", views.DistrictHomeView.as_view(), name="home-district"),
    path("accueil/pole/", views.PoleHomeView.as_view(), name="home-pole"),
    path("accueil/ecole/", views.DirectorHomeView.as_view(), name="home-director"),
    path("accueil/enseignant/", views.TeacherHomeView.as_view(), name="home-teacher"),
    path("accueil/parent/", views.ParentHomeView.as_view(), name="home-parent"),
    path("accueil/administration/", views.AdminHomeView.as_view(), name="home-admin"),
    path("ecoles/", views.SchoolListView.as_view(), name="school-list"),
    path("ecoles/<uai:uai>/", views.SchoolDetailView.as_view(), name="school-detail"),
    path("ecoles/<uai:uai>/modes-de-saisine.pdf", views.referral_sheet, name="referral-sheet"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification-open"),
    path(
        "notifications/tout-lire/",
        notification_views.notification_mark_all,
        name="notifications-mark-all",
    ),
    path(
        "notifications/preferences/",
        notification_views.notification_settings,
        name="notification-settings",
    ),
    path("partenaires/", partners.PartnerListView.as_view(), name="partner-list"),
    path("partenaires/nouveau/", partners.PartnerCreateView.as_view(), name="partner-create"),
    path("partenaires/<int:pk>/", partners.PartnerDetailView.as_view(), name="partner-detail"),
    path(
        "partenaires/<int:pk>/modifier/",
        partners.PartnerEditView.as_view(),
        name="partner-edit",
    ),
    path("journal/", views.AuditLogView.as_view(), name="audit-log"),
    path(
        "mentions-d-information/",
        views.PrivacyView.as_view(template_name="directory/privacy.html"),
        name="privacy",
    ),
    path("mentions-legales/", views.LegalView.as_view(), name="legal"),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
    path("plan-du-site/", views.SitemapView.as_view(), name="sitemap"),
    path(
        "mentions-d-information/eleves/",
        views.PrivacyView.as_view(template_name="directory/privacy_children.html"),
        name="privacy-children",
    ),
]
