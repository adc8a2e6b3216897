"""Calendars by secret URL, the axis home with next actions, and query counts of the lists."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directory.models import SchoolYear
from tests.training.factories import SessionFactory
from training.models import CalendarToken, Cohort, Enrolment, Meeting
from training.services import offer as services


def _feed(client, name, token):
    response = client.get(reverse(f"training:{name}", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_personal_feed_lists_my_sessions_and_reset_revokes_it(world, offer):
    teacher = world.users["enseignant"]
    services.enrolment_create(session=offer.session, person=teacher, by=teacher)
    client = world.client_for("enseignant")
    first = client.get(reverse("training:calendar"))
    assert not CalendarToken.objects.filter(user=teacher).exists()  # opening writes nothing
    assert "Créer mes adresses d'agenda" in first.content.decode()
    page = client.post(reverse("training:calendar-reset"), follow=True)
    token = CalendarToken.objects.get(user=teacher).token
    assert token in page.content.decode()
    anonymous = world.client_for("anonymous")
    events = _feed(anonymous, "ical-personal", token).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [offer.session.title]
    client.post(reverse("training:calendar-reset"))
    response = anonymous.get(reverse("training:ical-personal", kwargs={"token": token}))
    assert response.status_code == 404


def test_district_feed_lists_the_whole_offer_of_my_district_only(world, offer):
    token = CalendarToken.objects.create(user=world.users["enseignant"]).token
    titles = {
        str(e["summary"])
        for e in _feed(world.client_for("anonymous"), "ical-district", token).walk("VEVENT")
    }
    assert offer.session.title in titles
    assert offer.other.title not in titles


def test_home_shows_the_offer_waiting_for_an_answer_first(world, offer):
    t1, t2 = offer.teachers[:2]
    first = services.enrolment_create(session=offer.session, person=t1, by=t1)
    services.enrolment_create(session=offer.session, person=t2, by=t2)
    teacher = world.users["enseignant"]
    services.enrolment_create(session=offer.session, person=teacher, by=teacher)
    services.enrolment_cancel(enrolment=first, by=t1)
    page = world.client_for("enseignant").get(reverse("training:index"))
    text = page.content.decode()
    assert "Places en formation proposées à accepter" in text
    assert "Prochaine formation" not in text or text.index("Places") < text.index("Prochaine")


def test_district_team_sees_attendance_to_mark(world, offer):
    teacher = world.users["enseignant"]
    services.enrolment_create(session=offer.session, person=teacher, by=teacher)
    past = timezone.now() - timedelta(days=2)
    offer.session.starts_at, offer.session.ends_at = past, past + timedelta(hours=3)
    offer.session.save()
    page = world.client_for("cpc").get(reverse("training:index"))
    assert "Émargements de formation à saisir" in page.content.decode()


def _sessions(world, n):
    for i in range(n):
        session = SessionFactory(district=world.d1, title=f"S{i}")
        Enrolment.objects.create(session=session, user=world.users["enseignant"], status="enrolled")


@pytest.mark.parametrize("size", [2, 12])
def test_session_list_queries_do_not_grow(world, size, django_assert_max_num_queries):
    _sessions(world, size)
    client = world.client_for("enseignant")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:session-list")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_my_trainings_queries_do_not_grow(world, size, django_assert_max_num_queries):
    _sessions(world, size)
    client = world.client_for("enseignant")
    with django_assert_max_num_queries(16):
        assert client.get(reverse("training:my-trainings")).status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_meeting_and_cohort_lists_queries_do_not_grow(world, size, django_assert_max_num_queries):
    year = SchoolYear.current()
    for i in range(size):
        Meeting.objects.create(
            district=world.d1, school=world.school_a, kind="conseil", held_on=year.starts_on
        )
    Cohort.objects.create(school=world.school_a, year=year, programme="petits")
    Cohort.objects.create(school=world.school_b, year=year, programme="graines")
    client = world.client_for("ien")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:meeting-list")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:cohort-list")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("training:district")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("training:hours")).status_code == 200


def test_director_is_asked_for_a_conseil_until_one_is_held(world):
    client = world.client_for("directeur")
    label = "Consacrer un conseil des maîtres au harcèlement cette année"
    assert label in client.get(reverse("training:index")).content.decode()
    Meeting.objects.create(
        district=world.d1,
        school=world.school_a,
        kind="conseil",
        held_on=SchoolYear.current().starts_on,
    )
    assert label not in client.get(reverse("training:index")).content.decode()


def test_trainer_without_district_rights_is_asked_to_mark(world, offer):
    teacher = world.users["enseignant"]
    services.enrolment_create(session=offer.session, person=teacher, by=teacher)
    past = timezone.now() - timedelta(days=2)
    offer.session.starts_at, offer.session.ends_at = past, past + timedelta(hours=3)
    offer.session.save()
    offer.session.trainers.add(world.users["directeur2"])
    page = world.client_for("directeur2").get(reverse("training:index"))
    assert "Émargements de formation à saisir" in page.content.decode()


def test_hours_of_a_past_school_year(world, offer):
    client = world.client_for("enseignant")
    year = SchoolYear.current().start_year - 1
    page = client.get(reverse("training:my-trainings"), {"annee": year})
    assert f"Mes heures en {year}-{year + 1}" in page.content.decode()
    page = client.get(reverse("training:my-trainings"), {"annee": "n'importe quoi"})
    assert page.status_code == 200
