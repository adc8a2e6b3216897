"""The case dashboard, its figures computed in the database, the home-page panels, the hub page."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from resources_hub import selectors
from resources_hub.models import Case, CaseHandler, HandlerKind
from tests.factories import CaseFactory, ReportFactory

DASHBOARD = reverse("resources_hub:case-dashboard")
TODAY = timezone.localdate()


def text(response) -> str:
    return html.unescape(response.content.decode())


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def figure(page: str, label: str) -> str:
    """The number shown before ``label`` in a ``hz-figures`` list."""
    match = re.search(rf'<span class="hz-figure">([^<]+)</span>{re.escape(label)}', page)
    return match.group(1) if match else ""


@pytest.fixture
def district_cases(world):
    """School A: 2 open (one overdue), 1 closed; school B: 1 open cyber; school C (D2): 1 open."""
    overdue = CaseFactory(
        school=world.school_a,
        status="follow_up",
        reference="S-2026-0101",
        title="Suivi en retard",
        next_review_on=TODAY - datetime.timedelta(days=4),
        reported_on=TODAY - datetime.timedelta(days=30),
        first_action_at=at(TODAY - datetime.timedelta(days=28)),
    )
    CaseFactory(
        school=world.school_a,
        status="handling",
        reference="S-2026-0102",
        next_review_on=TODAY + datetime.timedelta(days=4),
        reported_on=TODAY - datetime.timedelta(days=10),
        first_action_at=at(TODAY - datetime.timedelta(days=6)),
    )
    CaseFactory(school=world.school_a, status="closed", reference="S-2026-0103")
    CaseFactory(
        school=world.school_b,
        status="reported",
        category="cyber",
        reference="S-2026-0104",
        reported_on=TODAY - datetime.timedelta(days=200),
    )
    CaseFactory(
        school=world.school_c,
        status="reported",
        reference="S-2026-0105",
        next_review_on=TODAY - datetime.timedelta(days=9),
    )
    return overdue


def test_selectors_count_in_the_database(world, district_cases):
    cases = Case.objects.visible_to(world.users["ien"], "case.dashboard")
    counts = selectors.case_counts(cases, today=TODAY)
    assert (counts["open"], counts["overdue"], counts["closed"], counts["total"]) == (3, 1, 1, 4)
    assert counts["no_action"] == 1
    by_status = {row["key"]: row["count"] for row in selectors.open_cases_by_status(cases)}
    assert by_status == {
        "reported": 1,
        "assessment": 0,
        "handling": 1,
        "follow_up": 1,
        "escalated": 0,
        "reopened": 0,
    }
    by_school = selectors.open_cases_by_school(cases)
    assert [(row["label"], row["count"]) for row in by_school] == [
        (world.school_a.name, 2),
        (world.school_b.name, 1),
    ]
    assert by_school[0]["max"] == 2
    by_category = {row["key"]: row["count"] for row in selectors.open_cases_by_category(cases)}
    assert by_category["cyber"] == 1 and by_category["relational"] == 2
    assert [c.reference for c in selectors.overdue_reviews(cases, today=TODAY)] == ["S-2026-0101"]
    # (30 - 28) and (10 - 6) days: an average of 3 days.
    assert selectors.average_days_to_first_action(cases) == 3.0
    assert selectors.average_days_to_first_action(cases.none()) is None


def test_dashboard_page_shows_figures_charts_and_overdue_table(world, district_cases):
    response = world.client_for("ien").get(DASHBOARD)
    page = text(response)
    assert response.status_code == 200
    assert figure(page, "situations en cours") == "3"
    assert figure(page, "point de suivi en retard") == "1"
    assert figure(page, "jours en moyenne entre le signalement et la première action") == "3"
    assert '<meter class="fr-col-12" min="0" max="2" value="2"' in page
    assert "S-2026-0101" in page and "Suivi en retard" in page
    assert "S-2026-0105" not in page  # another district
    assert world.school_c.name not in page
    assert " style=" not in page  # CSP: no inline style anywhere


def test_overdue_reference_links_to_the_case_when_the_cases_area_exists(world, district_cases):
    from django.urls import NoReverseMatch

    page = world.client_for("cpc").get(DASHBOARD).content.decode()
    try:
        url = reverse("resources_hub:case-detail", kwargs={"reference": "S-2026-0101"})
    except NoReverseMatch:
        pytest.skip("the cases area is not installed")
    assert f'href="{url}"' in page


def test_dashboard_filters_by_school_category_and_period(world, district_cases):
    client = world.client_for("ien")
    page = text(client.get(DASHBOARD, {"school": world.school_b.pk}))
    assert figure(page, "situation en cours") == "1"
    page = text(client.get(DASHBOARD, {"category": "relational"}))
    assert figure(page, "situations en cours") == "2"
    page = text(client.get(DASHBOARD, {"period": "90j"}))
    assert figure(page, "situations en cours") == "2"  # the 200-day-old case is left out
    # A school of another district is not a valid choice: the filter is refused, not applied.
    response = client.get(DASHBOARD, {"school": world.school_c.pk, "period": "x"})
    assert response.status_code == 200
    assert "S-2026-0105" not in text(response)


def test_reports_by_source_in_the_period(world, district_cases):
    ReportFactory(school=world.school_a, source="staff")
    ReportFactory(school=world.school_a, source="pupil")
    ReportFactory(school=world.school_b, source="pupil")
    ReportFactory(school=world.school_c, source="pupil")
    page = text(world.client_for("ien").get(DASHBOARD))
    assert "3 signalements reçus" in page
    assert "Signalements reçus (année scolaire en cours)" in page
    page = text(world.client_for("ien").get(DASHBOARD, {"school": world.school_b.pk}))
    assert "1 signalement reçu." in page


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_query_count_is_constant(world, size, django_assert_max_num_queries):
    for i in range(size):
        school = world.school_a if i % 2 else world.school_b
        CaseFactory(
            school=school,
            status=["reported", "handling", "follow_up", "closed"][i % 4],
            next_review_on=TODAY - datetime.timedelta(days=i),
            first_action_at=at(TODAY),
        )
        ReportFactory(school=school)
    client = world.client_for("ien")
    client.get(DASHBOARD)
    with django_assert_max_num_queries(13):  # 12 + the header's unread count
        response = client.get(DASHBOARD, {"school": world.school_a.pk, "period": "annee"})
    assert response.status_code == 200


# --- Home-page panels ----------------------------------------------------------------------------


def test_district_home_panel_counts_the_district(world, district_cases):
    ReportFactory(school=world.school_b)
    page = text(world.client_for("ien").get(reverse("directory:home-district")))
    assert "Situations de la circonscription" in page
    assert DASHBOARD in page
    assert figure(page, "situations en cours") == "3"
    assert figure(page, "point de suivi en retard") == "1"
    assert figure(page, "nouveau signalement") == "1"


def test_pole_home_panel_counts_only_assigned_cases(world, district_cases):
    CaseHandler.objects.create(case=district_cases, user=world.users["pole"], kind=HandlerKind.POLE)
    page = text(world.client_for("pole").get(reverse("directory:home-pole")))
    assert "Situations qui vous sont confiées" in page
    assert figure(page, "situation en cours") == "1"
    assert figure(page, "point de suivi en retard") == "1"
    assert "nouveaux signalements" not in page  # a pôle member reads no report


def test_director_home_panel_counts_own_school_only(world, district_cases):
    ReportFactory(school=world.school_a)
    ReportFactory(school=world.school_b)
    page = text(world.client_for("directeur").get(reverse("directory:home-director")))
    assert "Situations de l'école" in page
    assert 'href="/prendre-en-charge/signalements/?status=new">Signalements reçus' in page
    assert figure(page, "situations en cours") == "2"
    assert figure(page, "nouveau signalement") == "1"


@pytest.mark.parametrize("persona", ["enseignant", "parent"])
def test_teacher_and_parent_homes_have_no_case_panel(world, district_cases, persona):
    page = text(world.client_for(persona).get("/", follow=True))
    assert "situations en cours" not in page


@pytest.mark.parametrize(
    ("persona", "home"),
    [
        ("ien", "directory:home-district"),
        ("pole", "directory:home-pole"),
        ("directeur", "directory:home-director"),
    ],
)
@pytest.mark.parametrize("size", [2, 20])
def test_home_panels_query_count_is_constant(
    world, persona, home, size, django_assert_max_num_queries
):
    for i in range(size):
        case = CaseFactory(school=world.school_a, next_review_on=TODAY - datetime.timedelta(i))
        CaseHandler.objects.create(case=case, user=world.users["pole"], kind=HandlerKind.POLE)
        ReportFactory(school=world.school_a)
    client = world.client_for(persona)
    client.get(reverse(home))
    with django_assert_max_num_queries(HOME_QUERIES[persona]):
        assert client.get(reverse(home)).status_code == 200


# Measured, the same at both sizes. Every home: session user, role assignments, the header's
# unread count (3).
# IEN (29): directory 5 (year, schools, classes, staff, alerts); panels: prévenir 2, prendre en
# charge 3 (cases, protocol figures, new reports), former 2, informer 1; next actions: prévenir
# 3, prendre en charge 4 (pôle requests and escalations in one aggregate, fiches to co-sign,
# inbox, reviews), former 3, informer 3 (bilans, moderation, reserve).
# Pôle (15): panels: prendre en charge 1, former 2; next actions: prévenir 1 (jury), prendre en
# charge 5 (fiches to sign, handled cases and the next step 2, reviews, next meeting), former 3.
# Director (27): directory 4 (classes, staff); panels: prévenir 3, prendre en charge 2 (cases,
# new reports), former 3; next actions: prévenir 3, prendre en charge 4, former 4, informer 1.
HOME_QUERIES = {"ien": 29, "pole": 15, "directeur": 27}


# --- The hub page --------------------------------------------------------------------------------


def test_hub_lists_what_each_user_may_do(world):
    index = reverse("resources_hub:index")
    page = text(world.client_for("ien").get(index))
    for title in ["Tableau de bord des situations", "Plans de prévention", "Protocole de crise"]:
        assert title in page
    assert DASHBOARD in page
    page = text(world.client_for("enseignant").get(index))
    assert "Plans de prévention" in page and "Protocole de crise" in page
    assert "Tableau de bord des situations" not in page
    page = text(world.client_for("parent").get(index))
    assert "Tableau de bord des situations" not in page and "Plans de prévention" not in page
    page = text(world.client_for("admin").get(index))
    assert "Votre rôle ne donne accès à aucune page de cet axe" in page
    assert "3018" in page
