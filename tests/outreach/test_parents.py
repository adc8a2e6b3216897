from django.urls import reverse

from directory.models import ReferralChannel
from outreach.models import ParentPage
from outreach.selectors import LANGUAGE_COOKIE, LANGUAGE_SESSION_KEY
from outreach.services.parents import seed_default_pages


def _page_url(page, **query):
    url = reverse("outreach:parents-page", args=[page.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_public_page_needs_no_account(world, content):
    response = world.client_for("anonymous").get(_page_url(content.public_a))
    assert response.status_code == 200
    assert "Les signes qui alertent" in response.content.decode()
    assert "<strong>changement</strong>" in response.content.decode()


def test_parents_only_page_asks_anonymous_to_sign_in(world, content):
    response = world.client_for("anonymous").get(_page_url(content.private_a))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_parents_only_page_is_read_by_the_school_parent_only(world, content):
    assert world.client_for("parent").get(_page_url(content.private_a)).status_code == 200
    response = world.client_for("directeur2").get(_page_url(content.private_a))
    assert response.status_code == 404
    assert "Réservé aux parents" not in response.content.decode()
    assert world.client_for("ien_autre").get(_page_url(content.private_a)).status_code == 404


def test_reader_language_is_chosen_and_remembered(world, content):
    client = world.client_for("parent")
    response = client.get(_page_url(content.public_a, langue="en"))
    body = response.content.decode()
    assert "Warning signs" in body and 'lang="en"' in body
    assert client.session[LANGUAGE_SESSION_KEY] == "en"
    assert response.cookies[LANGUAGE_COOKIE].value == "en"
    again = client.get(_page_url(content.public_a)).content.decode()
    assert "Warning signs" in again
    # A page without the chosen language falls back to French, and says so.
    other = client.get(_page_url(content.district)).content.decode()
    assert "Qui appeler" in other and "pas encore traduite" in other


def test_anonymous_reader_language_is_remembered_by_cookie(world, content):
    client = world.client_for("anonymous")
    client.get(_page_url(content.public_a, langue="en"))
    assert "Warning signs" in client.get(_page_url(content.public_a)).content.decode()


def test_unknown_language_is_ignored(world, content):
    response = world.client_for("parent").get(_page_url(content.public_a, langue="xx<script>"))
    assert response.status_code == 200
    assert "Les signes qui alertent" in response.content.decode()


def test_parent_sees_their_children_schools_first(world, content):
    body = world.client_for("parent").get(reverse("outreach:parents")).content.decode()
    assert world.school_a.name in body
    assert body.index(world.school_a.name) < body.index("Les pages publiques par circonscription")
    assert "Le café des parents de l&#x27;école" in body


def test_school_page_lists_its_and_district_pages_and_cafes(world, content):
    url = reverse("outreach:parents-school", args=[world.school_a.uai])
    anonymous = world.client_for("anonymous").get(url).content.decode()
    assert "Les signes qui alertent" in anonymous and "Qui appeler" in anonymous
    assert "Le café des parents de" not in anonymous  # parents-only
    parent = world.client_for("parent").get(url).content.decode()
    assert "Café des parents de printemps" in parent


def test_public_home_links_to_the_parents_space(world):
    body = world.client_for("anonymous").get("/").content.decode()
    assert reverse("outreach:parents") in body


def test_default_pages_use_the_editable_numbers(world):
    ReferralChannel.objects.create(label="Non au harcèlement", number="3018", order=0)
    ReferralChannel.objects.create(label="Enfance en danger", number="119", order=1)
    assert seed_default_pages(district=world.d1) == 4
    assert seed_default_pages(district=world.d1) == 0  # idempotent
    for page in ParentPage.objects.filter(district=world.d1):
        for translation in page.translations.all():
            assert "3018" not in translation.body and "119" not in translation.body
    page = ParentPage.objects.get(district=world.d1, topic="call")
    body = world.client_for("anonymous").get(_page_url(page)).content.decode()
    assert body.index("3018") < body.index("119")


def test_director_writes_a_school_page_with_a_translation(world):
    client = world.client_for("directeur")
    response = client.post(
        reverse("outreach:parents-page-create"),
        {
            "topic": "other",
            "audience": "public",
            "order": 0,
            "school": world.school_a.pk,
            "language": "fr",
            "title": "Notre café",
            "body": "Bienvenue <script>alert(1)</script>",
        },
    )
    page = ParentPage.objects.get(translations__title="Notre café")
    assert response.status_code == 302 and page.school == world.school_a
    client.post(
        reverse("outreach:parents-translation", args=[page.pk, "ar"]),
        {"title": "مقهى", "body": "مرحبا"},
    )
    body = world.client_for("anonymous").get(_page_url(page, langue="ar")).content.decode()
    assert 'dir="rtl"' in body and "مرحبا" in body
    fr = world.client_for("anonymous").get(_page_url(page, langue="fr")).content.decode()
    assert "<script>alert(1)" not in fr and "&lt;script&gt;" in fr


def test_director_cannot_write_for_another_school_nor_the_district(world):
    client = world.client_for("directeur")
    data = {
        "topic": "other",
        "audience": "public",
        "order": 0,
        "language": "fr",
        "title": "Intrus",
        "body": "x",
    }
    response = client.post(
        reverse("outreach:parents-page-create"), {**data, "school": world.school_b.pk}
    )
    assert response.status_code == 200 and "Intrus" in response.content.decode()
    response = client.post(reverse("outreach:parents-page-create"), {**data, "school": ""})
    assert response.status_code == 200
    assert not ParentPage.objects.filter(translations__title="Intrus").exists()


def test_parents_lists_keep_their_query_count(world, content, django_assert_max_num_queries):
    from tests.outreach.conftest import make_page

    client = world.client_for("parent")
    with django_assert_max_num_queries(20):
        client.get(reverse("outreach:parents-school", args=[world.school_a.uai]))
    for _ in range(15):
        make_page(
            district=world.d1, school=world.school_a, texts={"fr": ("P", "t"), "en": ("P", "t")}
        )
    with django_assert_max_num_queries(20):
        client.get(reverse("outreach:parents-school", args=[world.school_a.uai]))
    with django_assert_max_num_queries(22):
        client.get(reverse("outreach:parents"))
    manager = world.client_for("cpc")
    with django_assert_max_num_queries(20):
        assert manager.get(reverse("outreach:parents-manage")).status_code == 200


def test_infographic_is_a_designed_pdf_in_each_language(world, content):
    import io

    from pypdf import PdfReader

    ReferralChannel.objects.create(label="Non au harcèlement", number="3018", order=0)
    url = reverse("outreach:parents-infographic", args=[content.public_a.pk, "en"])
    response = world.client_for("anonymous").get(url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "Warning signs" in text and "3018" in text and "<strong>" not in text
    school = world.client_for("anonymous").get(
        reverse("outreach:parents-school", args=[world.school_a.uai])
    )
    assert url in school.content.decode()  # one click from the parents' space
    missing = reverse("outreach:parents-infographic", args=[content.public_a.pk, "ar"])
    assert world.client_for("anonymous").get(missing).status_code == 404
    private = reverse("outreach:parents-infographic", args=[content.private_a.pk, "fr"])
    assert world.client_for("anonymous").get(private).status_code == 302
    assert world.client_for("directeur2").get(private).status_code == 404
