"""Prevention plans: the coverage table, who sees which plan, creating and editing safely."""

import datetime
import html

import pytest
from django.urls import reverse

from directory.models import AuditEvent, SchoolKind
from resources_hub import selectors
from resources_hub.models import PreventionPlan
from tests.factories import SchoolFactory

YEAR = selectors.year_label()
LIST = reverse("resources_hub:plan-list")
CREATE = reverse("resources_hub:plan-create")


def text(response) -> str:
    return html.unescape(response.content.decode())


def plan(district, school=None, year=YEAR, **extra):
    defaults = {"title": f"Plan {school.name if school else 'circonscription'}", "content": "Texte"}
    return PreventionPlan.objects.create(
        district=district, school=school, year_label=year, **{**defaults, **extra}
    )


def form_data(**extra):
    return {
        "title": "Plan de l'école",
        "content": "Objectifs, actions, calendrier.",
        "year_label": YEAR,
        "idempotency_key": "0123456789abcdef0123456789abcdef",
        **extra,
    }


# --- Coverage table ----------------------------------------------------------------------------


def test_coverage_table_shows_each_school_of_the_district_with_totals(world):
    plan(
        world.d1,
        world.school_a,
        referral_in_rules=True,
        presented_at_council_on=datetime.date(2026, 10, 12),
        pikas_presented_on=datetime.date(2026, 10, 1),
    )
    plan(world.d2, world.school_c)
    page = world.client_for("ien").get(LIST).content.decode()
    assert "Couverture des écoles" in page
    assert world.school_a.name in page and world.school_b.name in page
    assert world.school_c.name not in page  # other district
    assert "12/10/2026" in page and "01/10/2026" in page
    assert "Total : 2 écoles" in page
    assert "1 avec un plan (50 %)" in page
    assert f"?ecole={world.school_b.uai}" in page  # "créer" link for the school without a plan


def test_coverage_leaves_out_partner_colleges_and_closed_schools(world):
    SchoolFactory(district=world.d1, kind=SchoolKind.COLLEGE, name="Collège Germaine Tillion")
    SchoolFactory(district=world.d1, name="École fermée des Lilas", is_open=False)
    page = world.client_for("cpc").get(LIST).content.decode()
    assert "Germaine Tillion" not in page and "des Lilas" not in page
    assert "Total : 2 écoles" in page


def test_coverage_filters_without_plan_commune_and_kind(world):
    plan(world.d1, world.school_a)
    SchoolFactory(district=world.d1, name="École maternelle Les Tilleuls", commune="Colombes")
    client = world.client_for("ien")
    page = client.get(LIST, {"plan": "sans"}).content.decode()
    assert world.school_b.name in page and world.school_a.name not in page
    page = client.get(LIST, {"commune": "Colombes"}).content.decode()
    assert "Les Tilleuls" in page and world.school_b.name not in page
    page = client.get(LIST, {"kind": SchoolKind.PRIMAIRE}).content.decode()
    assert world.school_a.name in page and world.school_b.name not in page


def test_coverage_reads_the_chosen_year_only(world):
    previous = selectors.year_choices()[2][0]
    plan(world.d1, world.school_a, year=previous)
    client = world.client_for("ien")
    assert "0 avec un plan (0 %)" in client.get(LIST).content.decode()
    page = client.get(LIST, {"annee": previous}).content.decode()
    assert "1 avec un plan (50 %)" in page


def test_coverage_bad_filter_values_do_not_break_the_page(world):
    response = world.client_for("ien").get(LIST, {"annee": "1900", "plan": "x", "page": "zz"})
    assert response.status_code == 200


def test_director_sees_district_plan_and_own_school_plans_only(world):
    district_plan = plan(world.d1, title="Plan de la circonscription Nanterre")
    plan(world.d1, world.school_a, title="Plan Simone Veil")
    plan(world.d1, world.school_b, title="Plan Jules Ferry")
    page = world.client_for("directeur").get(LIST).content.decode()
    assert "Couverture des écoles" not in page
    assert "Plan de la circonscription Nanterre" in page
    assert reverse("resources_hub:plan-detail", kwargs={"pk": district_plan.pk}) in page
    assert "Plan Simone Veil" in page
    assert "Plan Jules Ferry" not in page


def test_teacher_reads_district_plan_and_school_plan_shows_district_plan(world):
    plan(world.d1, content="Objectifs de la circonscription : repérer les signaux faibles.")
    school_plan = plan(world.d1, world.school_a, content="Jeux coopératifs dans la cour.")
    page = (
        world.client_for("enseignant")
        .get(reverse("resources_hub:plan-detail", kwargs={"pk": school_plan.pk}))
        .content.decode()
    )
    assert "Jeux coopératifs dans la cour." in page
    assert "Le plan de la circonscription qui s'applique" in page
    assert "repérer les signaux faibles" in page
    assert "Modifier ce plan" not in page  # a teacher cannot edit


def test_other_school_plan_is_404_with_a_refused_row(world):
    school_plan = plan(world.d1, world.school_a)
    url = reverse("resources_hub:plan-detail", kwargs={"pk": school_plan.pk})
    assert world.client_for("directeur2").get(url).status_code == 404
    assert AuditEvent.objects.filter(action="refused", user=world.users["directeur2"]).exists()


def test_plan_content_is_escaped(world):
    school_plan = plan(world.d1, world.school_a, content="<script>alert(1)</script>")
    page = (
        world.client_for("directeur")
        .get(reverse("resources_hub:plan-detail", kwargs={"pk": school_plan.pk}))
        .content.decode()
    )
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


# --- Creating ----------------------------------------------------------------------------------


def test_director_creates_own_school_plan_and_forged_school_is_ignored(world):
    client = world.client_for("directeur")
    page = text(client.get(CREATE))
    assert "Plan d'école : École primaire Simone Veil" in page
    assert 'name="target"' not in page  # nothing to choose: their school is implied
    response = client.post(
        CREATE,
        form_data(
            target=f"school-{world.school_b.pk}",
            school=world.school_b.pk,
            district=world.d2.pk,
            referral_in_rules="on",
            presented_at_council_on="2026-10-12",
        ),
    )
    created = PreventionPlan.objects.get()
    assert (created.school, created.district) == (world.school_a, world.d1)
    assert created.referral_in_rules and created.presented_at_council_on.day == 12
    assert response.status_code == 302
    assert response["Location"] == reverse("resources_hub:plan-detail", kwargs={"pk": created.pk})
    row = AuditEvent.objects.get(action="create", object_type="resources_hub.preventionplan")
    assert row.user == world.users["directeur"] and row.district_id == world.d1.pk


def test_second_plan_for_same_school_and_year_is_a_french_error(world):
    plan(world.d1, world.school_a)
    response = world.client_for("directeur").post(CREATE, form_data())
    assert response.status_code == 200
    assert "Cette école a déjà un plan de prévention pour l'année" in text(response)
    assert PreventionPlan.objects.count() == 1


def test_double_submit_creates_one_plan(world):
    client = world.client_for("directeur")
    first = client.post(CREATE, form_data())
    second = client.post(CREATE, form_data())
    assert PreventionPlan.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_inspector_creates_district_plan_and_a_plan_for_a_school_of_the_district(world):
    client = world.client_for("ien")
    page = client.get(CREATE, {"ecole": world.school_b.uai}).content.decode()
    assert f'value="school-{world.school_b.pk}" selected' in page
    assert world.school_c.name not in page  # another district's school is not offered
    client.post(
        CREATE,
        form_data(
            target=f"district-{world.d1.pk}",
            referral_in_rules="on",
            idempotency_key="k-district-000001",
        ),
    )
    client.post(
        CREATE, form_data(target=f"school-{world.school_b.pk}", idempotency_key="k-school-b-0001")
    )
    district_plan = PreventionPlan.objects.get(school__isnull=True)
    assert district_plan.district == world.d1
    assert district_plan.referral_in_rules is False  # a school-only field
    assert PreventionPlan.objects.filter(school=world.school_b).exists()


def test_inspector_cannot_target_a_school_of_another_district(world):
    response = world.client_for("ien").post(CREATE, form_data(target=f"school-{world.school_c.pk}"))
    assert response.status_code == 200
    assert "Choisissez une école de votre circonscription" in response.content.decode()
    assert not PreventionPlan.objects.exists()


def test_invalid_input_keeps_typed_values_and_explains_in_french(world):
    response = world.client_for("directeur").post(
        CREATE, form_data(title="", presented_at_council_on="31/02/2026", content="Mon texte")
    )
    page = text(response)
    assert response.status_code == 200
    assert "Donnez un titre au plan." in page
    assert "Saisissez une date valide" in page
    assert "Mon texte" in page
    assert not PreventionPlan.objects.exists()


# --- Editing -----------------------------------------------------------------------------------


def _edit_url(p):
    return reverse("resources_hub:plan-edit", kwargs={"pk": p.pk})


def test_director_edits_own_plan_and_stale_page_overwrites_nothing(world):
    school_plan = plan(world.d1, world.school_a, title="Plan initial")
    client = world.client_for("directeur")
    page = client.get(_edit_url(school_plan)).content.decode()
    assert 'name="loaded_at"' in page
    loaded_at = school_plan.updated_at.isoformat()
    data = {"title": "Plan révisé", "content": "Nouveau texte", "loaded_at": loaded_at}
    assert client.post(_edit_url(school_plan), data).status_code == 302
    school_plan.refresh_from_db()
    assert school_plan.title == "Plan révisé"
    stale = {**data, "title": "Version d'un autre onglet"}
    response = world.client_for("ien").post(_edit_url(school_plan), stale)
    assert response.status_code == 200
    assert "modifié par quelqu'un d'autre" in text(response)
    school_plan.refresh_from_db()
    assert school_plan.title == "Plan révisé"
    assert AuditEvent.objects.filter(action="update", object_id=str(school_plan.pk)).count() == 1


def test_edit_cannot_move_a_plan_to_another_school(world):
    school_plan = plan(world.d1, world.school_a)
    data = {
        "title": "T",
        "content": "C",
        "loaded_at": school_plan.updated_at.isoformat(),
        "school": world.school_b.pk,
        "year_label": "2000-2001",
    }
    world.client_for("directeur").post(_edit_url(school_plan), data)
    school_plan.refresh_from_db()
    assert (school_plan.school, school_plan.year_label) == (world.school_a, YEAR)


def test_district_plan_edit_form_has_no_school_only_fields(world):
    district_plan = plan(world.d1)
    page = world.client_for("cpc").get(_edit_url(district_plan)).content.decode()
    assert 'name="referral_in_rules"' not in page
    assert 'name="pikas_presented_on"' in page


# --- Query bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_coverage_table_query_count_is_constant(world, size, django_assert_max_num_queries):
    for i in range(size):
        school = SchoolFactory(district=world.d1, commune=f"Commune {i % 4}")
        if i % 2:
            plan(world.d1, school)
    client = world.client_for("ien")
    client.get(LIST)
    with django_assert_max_num_queries(9):
        response = client.get(LIST, {"plan": "sans"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_school_plans_list_query_count_is_constant(world, size, django_assert_max_num_queries):
    plan(world.d1)
    for i in range(size):
        plan(world.d1, world.school_a, year=f"{1990 + i}-{1991 + i}")
    client = world.client_for("directeur")
    client.get(LIST)
    with django_assert_max_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200
