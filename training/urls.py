from django.urls import path

from training.views import ambassadors, home, meetings, offer

app_name = "training"

urlpatterns = [
    path("", home.index, name="index"),
    path("circonscription/", home.district_overview, name="district"),
    path("heures/", home.hours, name="hours"),
    path("pole/", home.pole_training, name="pole"),
    path("agenda/", home.calendar_page, name="calendar"),
    path("agenda/renouveler/", home.calendar_reset, name="calendar-reset"),
    path("agenda/<token:token>/mes-formations.ics", home.ical_personal, name="ical-personal"),
    path("agenda/<token:token>/offre.ics", home.ical_district, name="ical-district"),
    # The offer
    path("sessions/", offer.session_list, name="session-list"),
    path("sessions/nouvelle/", offer.session_create, name="session-create"),
    path("sessions/<int:pk>/", offer.session_detail, name="session-detail"),
    path("sessions/<int:pk>/modifier/", offer.session_edit, name="session-edit"),
    path("sessions/<int:pk>/inscription/", offer.session_enrol, name="session-enrol"),
    path("sessions/<int:pk>/equipe/", offer.session_enrol_team, name="session-enrol-team"),
    path("sessions/<int:pk>/emargement/", offer.attendance, name="attendance"),
    path("sessions/<int:pk>/emargement.pdf", offer.signin_sheet_pdf, name="signin-sheet"),
    path("mes-formations/", offer.my_trainings, name="my-trainings"),
    path("inscriptions/<int:pk>/termine/", offer.enrolment_complete, name="enrolment-complete"),
    path(
        "inscriptions/<int:pk>/<word:action>/",
        offer.enrolment_action,
        name="enrolment-action",
    ),
    path("inscriptions/<int:pk>/attestation.pdf", offer.certificate_pdf, name="certificate"),
    # Meetings
    path("reunions/", meetings.meeting_list, name="meeting-list"),
    path("reunions/nouvelle/", meetings.meeting_create, name="meeting-create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting-edit"),
    path("reunions/<int:pk>/points/", meetings.meeting_item_add, name="meeting-item-add"),
    path("reunions/<int:pk>/documents/", meetings.meeting_document_add, name="meeting-doc-add"),
    path(
        "reunions/<int:pk>/documents/<int:doc>/",
        meetings.meeting_document,
        name="meeting-document",
    ),
    path("accompagnement/", meetings.cpc_requests, name="cpc-requests"),
    path("accompagnement/<int:pk>/", meetings.cpc_schedule, name="cpc-schedule"),
    # Ambassadors
    path("ambassadeurs/", ambassadors.cohort_list, name="cohort-list"),
    path("ambassadeurs/nouveau/", ambassadors.cohort_create, name="cohort-create"),
    path("ambassadeurs/<int:pk>/", ambassadors.cohort_detail, name="cohort-detail"),
    path("ambassadeurs/<int:pk>/modifier/", ambassadors.cohort_edit, name="cohort-edit"),
]
