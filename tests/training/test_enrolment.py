"""Enrolment: audience rules, the waiting list, the timed offer, notifications, commands."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from directory.models import Notification
from training.models import Enrolment, EnrolmentStatus
from training.services import offer as services

S = EnrolmentStatus


def enrol(session, user, by=None):
    return services.enrolment_create(session=session, person=user, by=by or user)


def test_teacher_enrols_herself_and_is_notified(world, offer):
    client = world.client_for("enseignant")
    url = reverse("training:session-enrol", kwargs={"pk": offer.session.pk})
    response = client.post(url, follow=True)
    assert "Vous êtes inscrit·e à cette session." in response.content.decode()
    row = Enrolment.objects.get(user=world.users["enseignant"])
    assert row.status == S.ENROLLED
    assert row.school == world.school_a
    assert Notification.objects.filter(
        user=world.users["enseignant"], event="training.enrolled"
    ).exists()


def test_double_submit_keeps_one_enrolment_and_one_seat(world, offer):
    teacher = world.users["enseignant"]
    enrol(offer.session, teacher)
    enrol(offer.session, teacher)
    assert Enrolment.objects.filter(user=teacher).count() == 1
    assert services.seats_held(offer.session) == 1


def test_parent_is_outside_a_staff_audience(world, offer):
    with pytest.raises(ValidationError):
        enrol(offer.session, world.users["parent"])
    page = world.client_for("parent").get(
        reverse("training:session-detail", kwargs={"pk": offer.session.pk})
    )
    assert "ne s'adresse pas à votre fonction" in page.content.decode()


def test_function_audience_admits_only_that_function(world, offer):
    offer.session.audience_functions = ["pes"]
    offer.session.save()
    assert not services.audience_fits(offer.session, world.users["enseignant"])
    world.users["enseignant"].staff_profile.function = "pes"
    world.users["enseignant"].staff_profile.save()
    assert services.audience_fits(offer.session, world.users["enseignant"])


def test_role_audience_admits_only_those_roles(world, offer):
    offer.session.audience_roles = ["director"]
    offer.session.save()
    assert services.audience_fits(offer.session, world.users["directeur"])
    assert not services.audience_fits(offer.session, world.users["enseignant"])


def test_staff_of_another_district_cannot_enrol(world, offer):
    with pytest.raises(ValidationError):
        enrol(offer.session, world.users["ien_autre"])


def test_full_session_puts_people_on_the_waiting_list(world, offer):
    t1, t2, t3 = offer.teachers
    assert enrol(offer.session, t1).status == S.ENROLLED
    assert enrol(offer.session, t2).status == S.ENROLLED
    assert enrol(offer.session, t3).status == S.WAITING
    assert Notification.objects.filter(user=t3, event="training.waiting").exists()


def test_freed_seat_is_offered_to_the_first_waiting_person_for_48_hours(world, offer):
    t1, t2, t3 = offer.teachers
    first = enrol(offer.session, t1)
    enrol(offer.session, t2)
    enrol(offer.session, t3)
    later = enrol(offer.session, world.users["enseignant"])
    services.enrolment_cancel(enrolment=first, by=t1)
    t3_row = Enrolment.objects.get(user=t3)
    assert t3_row.status == S.OFFERED
    delta = t3_row.offered_until - timezone.now()
    assert timedelta(hours=47) < delta <= timedelta(hours=48)
    assert Enrolment.objects.get(pk=later.pk).status == S.WAITING
    assert Notification.objects.filter(user=t3, event="training.offer").count() == 1
    # The offered seat is held: a newcomer goes to the list.
    assert enrol(offer.session, world.users["directeur"]).status == S.WAITING


def test_accepting_the_offer_promotes_and_notifies(world, offer):
    t1, t2, t3 = offer.teachers
    first = enrol(offer.session, t1)
    enrol(offer.session, t2)
    enrol(offer.session, t3)
    services.enrolment_cancel(enrolment=first, by=t1)
    row = Enrolment.objects.get(user=t3)
    client = world.client_for("anonymous")
    client.force_login(t3)
    client.post(reverse("training:enrolment-action", kwargs={"pk": row.pk, "action": "accepter"}))
    row.refresh_from_db()
    assert row.status == S.ENROLLED
    assert Notification.objects.filter(user=t3, event="training.promoted").exists()


def _offer_to_t3(world, offer):
    t1, t2, t3 = offer.teachers
    first = enrol(offer.session, t1)
    enrol(offer.session, t2)
    enrol(offer.session, t3)
    enrol(offer.session, world.users["enseignant"])
    services.enrolment_cancel(enrolment=first, by=t1)
    return Enrolment.objects.get(user=t3)


def test_expired_offer_moves_on_and_the_command_is_idempotent(world, offer):
    row = _offer_to_t3(world, offer)
    Enrolment.objects.filter(pk=row.pk).update(offered_until=timezone.now() - timedelta(minutes=1))
    call_command("expire_training_offers")
    call_command("expire_training_offers")
    row.refresh_from_db()
    assert row.status == S.EXPIRED
    nxt = Enrolment.objects.get(user=world.users["enseignant"])
    assert nxt.status == S.OFFERED
    assert Notification.objects.filter(user=nxt.user, event="training.offer").count() == 1


def test_late_accept_is_refused_and_offer_moves_on(world, offer):
    row = _offer_to_t3(world, offer)
    Enrolment.objects.filter(pk=row.pk).update(offered_until=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.offer_accept(enrolment=row, by=row.user)
    assert Enrolment.objects.get(user=world.users["enseignant"]).status == S.OFFERED


def test_offer_expires_lazily_when_the_session_is_read(world, offer):
    row = _offer_to_t3(world, offer)
    Enrolment.objects.filter(pk=row.pk).update(offered_until=timezone.now() - timedelta(minutes=1))
    world.client_for("cpc").get(reverse("training:session-detail", kwargs={"pk": offer.session.pk}))
    assert Enrolment.objects.get(pk=row.pk).status == S.EXPIRED


def test_declining_offers_the_seat_to_the_next(world, offer):
    row = _offer_to_t3(world, offer)
    services.enrolment_cancel(enrolment=row, by=row.user)
    row.refresh_from_db()
    assert row.status == S.DECLINED
    assert Enrolment.objects.get(user=world.users["enseignant"]).status == S.OFFERED


def test_director_enrols_their_team_but_not_another_school(world, offer):
    client = world.client_for("directeur")
    url = reverse("training:session-enrol-team", kwargs={"pk": offer.session.pk})
    teacher = world.users["enseignant"]
    response = client.post(url, {"people": [teacher.pk]})
    assert response.status_code == 302
    row = Enrolment.objects.get(user=teacher)
    assert row.enrolled_by == world.users["directeur"]
    response = client.post(url, {"people": [world.users["directeur2"].pk]})
    assert response.status_code == 200  # not in the team: the form refuses the choice
    assert not Enrolment.objects.filter(user=world.users["directeur2"]).exists()


def test_reminders_are_sent_once(world, offer):
    enrol(offer.session, world.users["enseignant"])
    offer.session.starts_at = timezone.now() + timedelta(hours=20)
    offer.session.ends_at = offer.session.starts_at + timedelta(hours=3)
    offer.session.save()
    call_command("send_training_reminders")
    call_command("send_training_reminders")
    assert (
        Notification.objects.filter(
            user=world.users["enseignant"], event="training.reminder"
        ).count()
        == 1
    )


def test_reminder_email_carries_no_session_title(world, offer, mailoutbox):
    enrol(offer.session, world.users["enseignant"])
    for mail in mailoutbox:
        assert offer.session.title not in mail.body


def test_cancelling_a_session_tells_the_enrolled_once(world, offer):
    enrol(offer.session, world.users["enseignant"])
    client = world.client_for("cpc")
    url = reverse("training:session-edit", kwargs={"pk": offer.session.pk})
    local = timezone.localtime(offer.session.starts_at)
    data = {
        "kind": offer.session.kind_id,
        "title": offer.session.title,
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "Salle",
        "capacity": 2,
        "hours": "3",
        "budget": "formation",
        "is_cancelled": "on",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert (
        Notification.objects.filter(
            user=world.users["enseignant"], event="training.cancelled"
        ).count()
        == 1
    )
    with pytest.raises(ValidationError):
        enrol(offer.session, world.users["directeur"])
