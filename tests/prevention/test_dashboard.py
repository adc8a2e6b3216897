"""The axis home, home-page panels, next actions and yearly figures of « Prévenir »."""

import datetime
import html

from django.urls import reverse

from directory.dashboard import actions_for, yearly_figures
from directory.models import SchoolYear
from prevention.dashboard import district_panel, school_panel
from tests.prevention.factories import ActionFactory
from tests.prevention.surveys import fill, make_campaign


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_director_sees_the_next_step_first(world):
    ActionFactory(
        school=world.school_a,
        status="planned",
        starts_on=datetime.date.today() - datetime.timedelta(days=3),
        created_by=world.users["directeur"],
    )
    page = text(world.client_for("directeur").get(reverse("prevention:index")))
    assert "À faire maintenant" in page
    assert page.index("1 action passée à marquer réalisée") < page.index("Les pages de l'axe")
    labels = [a.text for a in actions_for(world.users["directeur"]) if a.axis == "prevenir"]
    assert labels[0] == "1 action passée à marquer réalisée"


def test_parent_gets_no_staff_page(world):
    page = text(world.client_for("parent").get(reverse("prevention:index")))
    assert "Déclarer une action" not in page and "Enquêtes" not in page


def test_panels_count_in_scope(world):
    ActionFactory(school=world.school_a)
    ActionFactory(school=world.school_c)
    panel = district_panel(world.users["ien"], [world.d1])
    assert dict(panel.rows)["action cette année"] == 1  # 1 takes the singular
    assert dict(panel.rows)["école sans aucune action"] == 1
    panel = school_panel(world.users["directeur"], world.school_a)
    assert dict(panel.rows)["action cette année"] == 1


def test_yearly_figures_hours_and_small_survey_groups(world):
    action = ActionFactory(school=world.school_a, hours_per_class=3)
    action.classrooms.add(world.class_a)
    campaign = make_campaign(world.school_a, [world.class_a], codes=5)
    fill(campaign, 4)
    figures = {
        f.key: f.value for f in yearly_figures(year=SchoolYear.current(), school=world.school_a)
    }
    assert figures["actions"] == 1 and figures["lesson_hours"] == 3.0
    assert figures["campaigns"] == 1
    assert figures["survey_answers"] == "moins de 10"
    district = {
        f.key: f.value for f in yearly_figures(year=SchoolYear.current(), district=world.d2)
    }
    assert district["actions"] == 0
