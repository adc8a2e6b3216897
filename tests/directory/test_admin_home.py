"""The administrator's home shows their next actions first: the directory's loose ends, each
linking to an admin list of exactly what it counts."""

import datetime
import html
import re

from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.models import AuditAnchor, Role
from tests.factories import AssignmentFactory, SchoolFactory, UserFactory

HOME = "/accueil/administration/"


def _actions(page: str) -> dict[str, str]:
    """label → link of the « À faire maintenant » list."""
    section = page.split('id="prochaines-actions"')[1].split("</section>")[0]
    return {
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", label)).split()): html.unescape(href)
        for href, label in re.findall(r'<a class="fr-link[^"]*" href="([^"]+)">(.*?)</a>', section)
    }


def test_the_admin_home_lists_accounts_without_role_and_schools_without_director(world):
    UserFactory(username="sans-role")
    expired = UserFactory(username="ancien")
    AssignmentFactory(
        user=expired,
        role=Role.TEACHER,
        school=world.school_a,
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
        valid_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    SchoolFactory(name="École maternelle Les Tilleuls", district=world.d1)  # no director
    audit.anchor()
    client = world.client_for("admin")

    page = client.get(HOME).content.decode()
    actions = _actions(page)

    accounts = next(link for label, link in actions.items() if "sans rôle" in label)
    assert "2 comptes sans rôle à compléter" in actions
    listed = html.unescape(client.get(accounts).content.decode())
    assert "sans-role" in listed and "ancien" in listed
    assert ">enseignant<" not in listed  # holds a role: not listed
    schools_label = next(label for label in actions if "sans directeur" in label)
    listed = html.unescape(client.get(actions[schools_label]).content.decode())
    assert "Les Tilleuls" in listed and world.school_a.name not in listed
    assert not any("Ancre" in label for label in actions)  # anchored just now


def test_an_overdue_audit_anchor_is_the_admins_first_action(world):
    AuditAnchor.objects.create(  # the last anchor is 27 hours old (rows are append-only)
        at=timezone.now() - datetime.timedelta(hours=27), last_id=0, signature="0" * 64
    )

    page = world.client_for("admin").get(HOME).content.decode()

    first = next(iter(_actions(page)))
    assert first.startswith("Ancre quotidienne du journal d'audit en retard")
    assert (
        world.client_for("admin").get(reverse("admin:directory_auditanchor_changelist")).status_code
        == 200
    )


def test_other_roles_never_get_the_admins_actions(world):
    UserFactory(username="sans-role")
    for persona in ("ien", "directeur"):
        client = world.client_for(persona)
        page = client.get(client.get("/").url).content.decode()
        assert "sans rôle" not in page and "Ancre quotidienne" not in page


def test_the_admin_home_query_count_is_bounded(world, django_assert_max_num_queries):
    for index in range(20):
        UserFactory(username=f"nouveau{index}")
        SchoolFactory(district=world.d1)
    client = world.client_for("admin")
    client.get(HOME)
    with django_assert_max_num_queries(25):
        assert client.get(HOME).status_code == 200
