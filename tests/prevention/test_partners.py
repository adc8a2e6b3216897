"""The shared partner directory (directory/partners.py): scope, académie-wide partners, edits."""

import html

import pytest
from django.urls import reverse

from directory.models import Partner

LIST = reverse("directory:partner-list")
CREATE = reverse("directory:partner-create")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def partners(world):
    return {
        "d1": Partner.objects.create(
            name="Périscolaire de Nanterre", kind="periscolaire", district=world.d1
        ),
        "d2": Partner.objects.create(
            name="Association Colombes", kind="association", district=world.d2
        ),
        "all": Partner.objects.create(name="CAAEE de Versailles", kind="caaee"),
    }


def test_each_district_sees_its_partners_and_the_academie_wide_ones(world, partners):
    page = text(world.client_for("directeur").get(LIST))
    assert "Périscolaire de Nanterre" in page and "CAAEE de Versailles" in page
    assert "Association Colombes" not in page
    page = text(world.client_for("ien_autre").get(LIST))
    assert "Association Colombes" in page and "CAAEE de Versailles" in page
    assert "Périscolaire de Nanterre" not in page


def test_district_team_creates_in_its_district_only(world, partners):
    client = world.client_for("cpc")
    data = {"name": "OCCE 92", "kind": "occe", "district": world.d2.pk, "is_active": "on"}
    response = client.post(CREATE, data)
    assert response.status_code == 200 and not Partner.objects.filter(name="OCCE 92").exists()
    response = client.post(CREATE, {**data, "district": world.d1.pk})
    assert response.status_code == 302
    assert Partner.objects.get(name="OCCE 92").district == world.d1


def test_duplicate_name_keeps_the_input(world, partners):
    data = {
        "name": "Périscolaire de Nanterre",
        "kind": "periscolaire",
        "district": world.d1.pk,
        "contact_name": "M. Dupont",
    }
    page = text(world.client_for("ien").post(CREATE, data))
    assert "existe déjà" in page and 'value="M. Dupont"' in page


def test_only_the_admin_edits_academie_wide_partners(world, partners):
    url = reverse("directory:partner-edit", kwargs={"pk": partners["all"].pk})
    assert world.client_for("ien").post(url, {"name": "X", "kind": "occe"}).status_code == 404
    partners["all"].refresh_from_db()
    assert partners["all"].name == "CAAEE de Versailles"
    assert world.client_for("admin").get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_partner_list_queries_do_not_grow(world, size, django_assert_max_num_queries):
    for n in range(size):
        Partner.objects.create(name=f"Association {n}", kind="association", district=world.d1)
    client = world.client_for("ien")
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
