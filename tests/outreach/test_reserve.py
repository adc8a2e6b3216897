import datetime

from django.urls import reverse

from outreach.models import Intervention, InterventionRequest, Volunteer


def _volunteer(world, vetting="approved", skills=("bullying",)):
    return Volunteer.objects.create(
        district=world.d1,
        first_name="Paul",
        last_name="Réserve",
        skills=list(skills),
        vetting=vetting,
    )


def _request(world):
    world.client_for("directeur").post(
        reverse("outreach:reserve-request-create"),
        {
            "school": world.school_a.pk,
            "skill": "bullying",
            "classes": "CM1 A",
            "period": "Mars",
            "details": "",
        },
    )
    return InterventionRequest.objects.get()


def test_district_keeps_volunteers_and_their_vetting(world):
    client = world.client_for("cpc")
    client.post(
        reverse("outreach:reserve-volunteer-create"),
        {
            "first_name": "Anne",
            "last_name": "Bénévole",
            "email": "",
            "phone": "",
            "organisation": "Gendarmerie",
            "skills": ["bullying", "cyber"],
            "availability": "",
            "vetting": "approved",
        },
    )
    volunteer = Volunteer.objects.get()
    assert volunteer.vetted_by == world.users["cpc"] and volunteer.district == world.d1
    assert (
        world.client_for("directeur")
        .get(reverse("outreach:reserve-volunteer", args=[volunteer.pk]))
        .status_code
        == 403
    )
    assert (
        world.client_for("ien_autre")
        .get(reverse("outreach:reserve-volunteer", args=[volunteer.pk]))
        .status_code
        == 404
    )
    home = world.client_for("directeur").get(reverse("outreach:reserve")).content.decode()
    assert "Gendarmerie" not in home


def test_request_match_and_intervention_with_a_teacher_present(world):
    req = _request(world)
    pending = _volunteer(world, vetting="pending")
    approved = _volunteer(world)
    url = reverse("outreach:reserve-request", args=[req.pk])
    cpc = world.client_for("cpc")
    cpc.post(url, {"match": "1", "volunteer": pending.pk})
    req.refresh_from_db()
    assert req.status == "open"
    cpc.post(url, {"match": "1", "volunteer": approved.pk})
    req.refresh_from_db()
    assert req.status == "matched" and req.volunteer == approved
    director = world.client_for("directeur")
    base = {
        "record": "1",
        "held_on": datetime.date.today().isoformat(),
        "pupils": 24,
        "summary": "Débat mouvant sur les moqueries.",
    }
    refused = director.post(url, {**base, "teacher_present": world.users["directeur2"].pk})
    assert refused.status_code == 200 and "Débat mouvant" in refused.content.decode()
    assert not Intervention.objects.exists()
    missing = director.post(url, {**base, "teacher_present": ""})
    assert missing.status_code == 200 and not Intervention.objects.exists()
    director.post(url, {**base, "teacher_present": world.users["enseignant"].pk})
    intervention = Intervention.objects.get()
    assert intervention.teacher_present == world.users["enseignant"]
    req.refresh_from_db()
    assert req.status == "done"
    director.post(url, {**base, "teacher_present": world.users["enseignant"].pk})
    assert Intervention.objects.count() == 1


def test_other_school_cannot_see_the_request(world):
    req = _request(world)
    url = reverse("outreach:reserve-request", args=[req.pk])
    assert world.client_for("directeur2").get(url).status_code == 404
    assert world.client_for("ien_autre").get(url).status_code == 404


def test_reserve_home_query_count(world, django_assert_max_num_queries):
    client = world.client_for("cpc")
    for size in (2, 20):
        for index in range(size):
            _volunteer(world)
            InterventionRequest.objects.create(
                school=world.school_a, skill="cyber", classes="CM2", period=f"P{index}"
            )
        with django_assert_max_num_queries(14):
            client.get(reverse("outreach:reserve"))
