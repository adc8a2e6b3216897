"""Directors' meetings and conseils des maîtres, documents, CPC requests, conseils held."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Notification, SchoolYear
from training import selectors
from training.models import AgendaItem, CpcRequest, Meeting, MeetingDocument


def test_director_records_a_conseil_with_attendance(world):
    client = world.client_for("directeur")
    response = client.post(
        reverse("training:meeting-create"),
        {
            "kind": "conseil",
            "school": world.school_a.pk,
            "held_on": "2026-11-05",
            "hours": "3",
            "attendees": [world.users["enseignant"].pk, world.users["directeur"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.school == world.school_a
    assert set(meeting.attendances.values_list("school_id", flat=True)) == {world.school_a.pk}


def test_director_cannot_record_a_directors_meeting(world):
    response = world.client_for("directeur").post(
        reverse("training:meeting-create"),
        {"kind": "directeurs", "held_on": "2026-11-05", "hours": "3"},
    )
    assert response.status_code == 200
    assert not Meeting.objects.exists()


def test_directors_meeting_counts_attendance_per_school(world):
    client = world.client_for("cpc")
    response = client.post(
        reverse("training:meeting-create"),
        {
            "kind": "directeurs",
            "held_on": "2026-10-10",
            "hours": "2",
            "attendees": [world.users["directeur"].pk, world.users["directeur2"].pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("training:meeting-detail", kwargs={"pk": meeting.pk}))
    text = page.content.decode()
    assert f"{world.school_a.name} : 1" in text
    assert f"{world.school_b.name} : 1" in text


def test_agenda_item_link_must_stay_in_the_portal(world):
    meeting = Meeting.objects.create(district=world.d1, kind="directeurs", held_on="2026-10-10")
    url = reverse("training:meeting-item-add", kwargs={"pk": meeting.pk})
    client = world.client_for("cpc")
    data = {"topic": "pikas", "title": "Présentation du protocole", "link": "https://evil.test/"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Présentation du protocole" in response.content.decode()  # input kept
    data["link"] = "/\\evil.test/"
    assert client.post(url, data).status_code == 400
    data["link"] = "/prendre-en-charge/protocole/"
    assert client.post(url, data).status_code == 302
    assert AgendaItem.objects.get().topic == "pikas"


def test_documents_are_checked_on_upload(world, media):
    meeting = Meeting.objects.create(district=world.d1, kind="directeurs", held_on="2026-10-10")
    url = reverse("training:meeting-doc-add", kwargs={"pk": meeting.pk})
    client = world.client_for("cpc")
    fake = SimpleUploadedFile("diaporama.pdf", b"<script>alert(1)</script>")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400
    assert "Type de fichier refusé" in response.content.decode()
    real = SimpleUploadedFile("diaporama.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(url, {"file": real}).status_code == 302
    document = MeetingDocument.objects.get()
    assert document.original_name == "diaporama.pdf"
    download = client.get(
        reverse("training:meeting-document", kwargs={"pk": meeting.pk, "doc": document.pk})
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_school_asks_for_a_cpc_and_the_team_schedules_it(world):
    client = world.client_for("directeur")
    response = client.post(
        reverse("training:cpc-requests"), {"wished_period": "Janvier", "message": "Conseil"}
    )
    assert response.status_code == 302
    row = CpcRequest.objects.get()
    assert row.school == world.school_a
    assert Notification.objects.filter(user=world.users["cpc"], event="training.cpc_request")
    team = world.client_for("cpc")
    url = reverse("training:cpc-schedule", kwargs={"pk": row.pk})
    response = team.post(url, {"cpc": world.users["cpc"].pk, "scheduled_on": "2027-01-12"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "scheduled"
    assert Notification.objects.filter(
        user=world.users["directeur"], event="training.cpc_scheduled"
    ).exists()


def test_district_sees_which_schools_held_their_conseil(world):
    year = SchoolYear.current()
    Meeting.objects.create(
        district=world.d1, school=world.school_a, kind="conseil", held_on=year.starts_on
    )
    held = dict(selectors.conseils_held(world.d1, year))
    assert held[world.school_a] == year.starts_on
    assert held[world.school_b] is None
    figures = selectors.district_figures(world.d1, year)  # the home panel's one-query version
    assert (figures["held"], figures["ecoles"], figures["without"]) == (1, 2, 2)
    page = world.client_for("ien").get(reverse("training:district"))
    assert "1 école sur 2 a tenu" in page.content.decode()


def test_pikas_presentation_is_read_from_the_directors_meeting(world):
    year = SchoolYear.current()
    meeting = Meeting.objects.create(district=world.d1, kind="directeurs", held_on=year.starts_on)
    AgendaItem.objects.create(meeting=meeting, topic="pikas", title="Protocole PIKAS")
    AgendaItem.objects.create(meeting=meeting, topic="pikas", title="Suite")
    assert list(selectors.pikas_meetings(world.d1, year)) == [meeting]
    assert not selectors.pikas_meetings(world.d2, year).exists()
