"""The pôle's trained members against 5, ambassadors with minimal data, schools not started."""

import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from directory.models import SchoolYear
from resources_hub.models import Pole, PoleMember
from tests.conftest import _person
from training import selectors
from training.models import Ambassador, Cohort, PoleTrainingDay


def _pole_with(world, n_trained: int, n_partial: int):
    pole = Pole.objects.create(district=world.d1, kind="district", name="Pôle")
    today = timezone.localdate()
    for i in range(n_trained + n_partial):
        user = _person(f"membre{i}", "psychologue")
        PoleMember.objects.create(pole=pole, user=user, profile="psychologue")
        days = 8 if i < n_trained else 5
        for d in range(days):
            PoleTrainingDay.objects.create(
                district=world.d1,
                user=user,
                day=today - datetime.timedelta(days=d * 20),
                label=f"Module {d}",
            )
    return pole


def test_trained_members_are_counted_against_the_minimum(world):
    _pole_with(world, 3, 2)
    data = selectors.pole_training(world.d1)
    assert data.trained == 3
    assert data.short_of == 2
    assert "maternelle" in data.missing_profiles[0]
    summary = selectors.pole_summary(world.d1)  # the home panel's one-query version
    assert (summary.trained, summary.missing_profiles) == (3, data.missing_profiles)


def test_old_days_do_not_count(world):
    pole = _pole_with(world, 1, 0)
    member = pole.members.get()
    PoleTrainingDay.objects.filter(user=member.user).update(
        day=timezone.localdate() - datetime.timedelta(days=1000)
    )
    assert selectors.pole_training(world.d1).trained == 0


def test_maternelle_director_fills_the_missing_profile(world):
    pole = _pole_with(world, 0, 0)
    PoleMember.objects.create(
        pole=pole, user=world.users["directeur"], profile="directeur_maternelle"
    )
    assert selectors.pole_training(world.d1).missing_profiles == []


def test_pole_page_and_inspector_panel(world):
    _pole_with(world, 5, 0)
    page = world.client_for("ien").get(reverse("training:pole"))
    assert "5 / 5" in page.content.decode()
    home = world.client_for("ien").get("/")
    if home.status_code == 302:
        home = world.client_for("ien").get(home["Location"])
    assert "membres du pôle formés (minimum 5)" in home.content.decode()


def test_team_records_a_training_day(world):
    _pole_with(world, 0, 1)
    user = PoleMember.objects.get().user
    client = world.client_for("cpc")
    data = {"user": user.pk, "day": "2026-10-01", "days": "1", "label": "Module pHARe 1"}
    assert client.post(reverse("training:pole"), data).status_code == 302
    assert client.post(reverse("training:pole"), data).status_code == 200  # no duplicate
    assert PoleTrainingDay.objects.filter(label="Module pHARe 1").count() == 1
    assert world.client_for("pole").post(reverse("training:pole"), data).status_code == 403


def test_ambassadors_keep_minimal_data_and_show_schools_not_started(world):
    year = SchoolYear.current()
    client = world.client_for("directeur")
    response = client.post(
        reverse("training:cohort-create"),
        {"school": world.school_a.pk, "programme": "petits", "members_count": "6"},
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get()
    url = reverse("training:cohort-detail", kwargs={"pk": cohort.pk})
    response = client.post(url, {"first_name": "Léa", "initial": "Martin", "class_label": "CM1"})
    assert "Indiquez une seule lettre" in response.content.decode()
    assert "Léa" in response.content.decode()  # input kept
    client.post(url, {"first_name": "Léa", "initial": "m", "class_label": "CM1 A"})
    assert Ambassador.objects.get().initial == "M"
    without = list(selectors.schools_without_ambassadors(world.d1, year))
    assert world.school_a not in without
    assert world.school_b in without
    page = world.client_for("ien").get(reverse("training:cohort-list"))
    assert world.school_b.name in page.content.decode()


def test_duplicate_cohort_keeps_the_input(world):
    client = world.client_for("directeur")
    data = {"school": world.school_a.pk, "programme": "helpers", "members_count": "4"}
    client.post(reverse("training:cohort-create"), data)
    response = client.post(reverse("training:cohort-create"), data)
    assert response.status_code == 200
    assert "déjà un groupe" in response.content.decode()
    assert Cohort.objects.count() == 1


def test_yearly_figures_are_counts(world):
    from directory.dashboard import yearly_figures

    year = SchoolYear.current()
    Cohort.objects.create(school=world.school_a, year=year, programme="petits", members_count=7)
    figures = {f.key: f.value for f in yearly_figures(year=year, district=world.d1)}
    assert figures["training.ambassadors"] == 7
    assert figures["training.sessions"] == 0
    school_figures = {f.key: f.value for f in yearly_figures(year=year, school=world.school_a)}
    assert school_figures["training.ambassadors"] == 7
    assert all(isinstance(v, (int, Decimal)) for v in figures.values() if "training" in str(v))
