"""The axis home and the next actions « Informer » gives each role."""

from django.urls import reverse

from directory.dashboard import actions_for
from outreach.models import Post
from tests.outreach.conftest import make_event


def _labels(user) -> list[str]:
    return [a.text for a in actions_for(user) if a.axis == "informer"]


def test_director_is_asked_for_the_bilan(world):
    assert any("Bilan annuel" in label for label in _labels(world.users["directeur"]))
    body = world.client_for("directeur").get(reverse("outreach:index")).content.decode()
    assert "À faire maintenant" in body and "Bilan annuel" in body


def test_district_team_sees_posts_awaiting_moderation(world):
    Post.objects.create(
        district=world.d1,
        school=world.school_a,
        kind="news",
        axis="informer",
        title="T",
        body="x",
    )
    assert "1 actualité en attente de modération" in _labels(world.users["cpc"])
    assert not any("modération" in label for label in _labels(world.users["ien_autre"]))


def test_parent_sees_upcoming_cafes_and_admin_the_report(world):
    make_event(district=world.d1, school=world.school_a)
    assert "1 café des parents à venir" in _labels(world.users["parent"])
    assert _labels(world.users["admin"]) == ["Exporter le rapport annuel de la circonscription"]
    body = world.client_for("admin").get(reverse("outreach:index")).content.decode()
    assert "Rapport annuel de la circonscription" in body
    assert "Réserve citoyenne" not in body
