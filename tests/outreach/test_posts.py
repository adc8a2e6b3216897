import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from outreach.models import Post, Practice, PracticeAdoption
from outreach.services import posts as services


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (0, 0, 145)).save(out, format="PNG")
    return out.getvalue()


def _submit(world, persona="directeur", **extra):
    data = {
        "kind": "initiative",
        "axis": "prevenir",
        "title": "Jeux coopératifs en récréation",
        "body": "Les CM1 ont animé des **jeux**.",
        "image_alt": "",
        "school": world.school_a.pk,
        **extra,
    }
    return world.client_for(persona).post(reverse("outreach:post-create"), data)


def test_unmoderated_post_is_invisible_to_parents_and_the_public(world):
    _submit(world)
    post = Post.objects.get()
    assert post.status == "submitted"
    detail = reverse("outreach:post-detail", args=[post.pk])
    for persona in ("anonymous", "parent", "enseignant", "directeur2", "ien_autre"):
        assert world.client_for(persona).get(detail).status_code == 404, persona
        listing = world.client_for(persona).get(reverse("outreach:posts")).content.decode()
        assert "Jeux coopératifs" not in listing
    assert world.client_for("directeur").get(detail).status_code == 200
    assert world.client_for("cpc").get(detail).status_code == 200
    assert world.users["cpc"].notifications.filter(event="outreach.post_submitted").exists()


def test_moderated_post_goes_public(world):
    _submit(world)
    post = Post.objects.get()
    client = world.client_for("cpc")
    client.post(reverse("outreach:post-moderate", args=[post.pk]), {"decision": "publish"})
    post.refresh_from_db()
    assert post.status == "published" and post.moderated_by == world.users["cpc"]
    body = world.client_for("anonymous").get(reverse("outreach:posts")).content.decode()
    assert "Jeux coopératifs" in body
    page = world.client_for("anonymous").get(reverse("outreach:post-detail", args=[post.pk]))
    assert "<strong>jeux</strong>" in page.content.decode()
    # A second moderation changes nothing.
    client.post(reverse("outreach:post-moderate", args=[post.pk]), {"decision": "reject"})
    post.refresh_from_db()
    assert post.status == "published"


def test_rejected_post_stays_private(world):
    _submit(world)
    post = Post.objects.get()
    world.client_for("ien").post(
        reverse("outreach:post-moderate", args=[post.pk]), {"decision": "reject", "note": "Photo"}
    )
    assert (
        world.client_for("anonymous")
        .get(reverse("outreach:post-detail", args=[post.pk]))
        .status_code
        == 404
    )
    assert (
        "Photo"
        in world.client_for("directeur")
        .get(reverse("outreach:post-detail", args=[post.pk]))
        .content.decode()
    )


def test_other_district_cannot_moderate(world):
    _submit(world)
    post = Post.objects.get()
    response = world.client_for("ien_autre").post(
        reverse("outreach:post-moderate", args=[post.pk]), {"decision": "publish"}
    )
    assert response.status_code == 404
    assert Post.objects.get().status == "submitted"


def test_image_is_checked_and_served_only_where_readable(world):
    image = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    _submit(world, upload=image, image_alt="Des enfants jouent")
    post = Post.objects.get()
    url = reverse("outreach:post-image", args=[post.pk])
    assert world.client_for("anonymous").get(url).status_code == 404
    response = world.client_for("directeur").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    fake = SimpleUploadedFile(
        "photo.png", b"<html><script>alert(1)</script>", content_type="image/png"
    )
    refused = _submit(world, title="Fausse image", upload=fake, image_alt="x")
    assert refused.status_code == 200 and "Type de fichier refusé" in refused.content.decode()
    pdf = SimpleUploadedFile("doc.png", b"%PDF-1.4 fake", content_type="image/png")
    refused = _submit(world, title="PDF", upload=pdf, image_alt="x")
    assert "Seules les images" in refused.content.decode()
    assert Post.objects.count() == 1


def test_director_cannot_post_for_another_school(world):
    response = _submit(world, school=world.school_b.pk)
    assert response.status_code == 200 and not Post.objects.exists()


def test_practice_library_search_and_adoption(world):
    client = world.client_for("directeur")
    doc = SimpleUploadedFile("fiche.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    client.post(
        reverse("outreach:practice-create"),
        {
            "axis": "prevenir",
            "title": "Messages clairs",
            "description": "En maternelle.",
            "link": "",
            "upload": doc,
        },
    )
    practice = Practice.objects.get()
    other = world.client_for("directeur2")
    listing = other.get(reverse("outreach:practices"), {"q": "clairs"}).content.decode()
    assert "Messages clairs" in listing
    assert (
        "Messages clairs"
        not in other.get(reverse("outreach:practices"), {"q": "kin-ball"}).content.decode()
    )
    other.post(reverse("outreach:practice-adopt", args=[practice.pk]))
    other.post(reverse("outreach:practice-adopt", args=[practice.pk]))
    assert PracticeAdoption.objects.filter(practice=practice, school=world.school_b).count() == 1
    document = other.get(reverse("outreach:practice-document", args=[practice.pk]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    assert (
        world.client_for("ien_autre")
        .get(reverse("outreach:practice-detail", args=[practice.pk]))
        .status_code
        == 404
    )


def test_practice_needs_a_link_or_a_document(world):
    response = world.client_for("directeur").post(
        reverse("outreach:practice-create"),
        {"axis": "prevenir", "title": "Sans rien", "description": "x", "link": ""},
    )
    assert response.status_code == 200 and "Sans rien" in response.content.decode()
    assert not Practice.objects.exists()


def test_slideshow_shows_published_initiatives_and_prints(world, fake_axes):
    image = SimpleUploadedFile("photo.png", _png(), content_type="image/png")
    _submit(world, upload=image, image_alt="Des enfants jouent")
    _submit(world, title="Pas encore modérée")
    services.post_moderate(
        post=Post.objects.get(title__startswith="Jeux"), user=world.users["cpc"], publish=True
    )
    client = world.client_for("directeur2")
    page = client.get(reverse("outreach:slideshow")).content.decode()
    assert "Jeux coopératifs" in page and "Pas encore modérée" not in page
    assert "Prévenir en chiffres" in page
    pdf = client.get(reverse("outreach:slideshow-pdf"))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Jeux coopératifs" in text and "Pas encore" not in text
    assert len(reader.pages) >= 3


def test_post_and_practice_lists_query_counts(world, django_assert_max_num_queries):
    anonymous, cpc, director = (world.client_for(p) for p in ("anonymous", "cpc", "directeur"))

    def measure():
        with django_assert_max_num_queries(8):
            anonymous.get(reverse("outreach:posts"))
        with django_assert_max_num_queries(15):
            cpc.get(reverse("outreach:post-moderation"))
        with django_assert_max_num_queries(15):
            director.get(reverse("outreach:practices"))

    for size in (3, 25):
        for index in range(size):
            _submit(world, title=f"Initiative {size}-{index}")
            Practice.objects.create(
                district=world.d1,
                school=world.school_a,
                axis="prevenir",
                title=f"P{index}",
                description="x",
                link="https://exemple.fr",
            )
        for post in Post.objects.filter(status="submitted")[: size - 1]:
            services.post_moderate(post=post, user=world.users["cpc"], publish=True)
        measure()
