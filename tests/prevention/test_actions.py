"""Prevention actions: declaring, copying, scoping, files, CSV, calendar, iCal, coverage, hours."""

import datetime
import html
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar
from PIL import Image

from directory.models import AuditEvent, Partner, SchoolYear
from prevention.models import Action, ActionFile
from prevention.selectors import actions as sel
from tests.factories import ClassroomFactory, SchoolFactory
from tests.prevention.factories import ActionFactory, plan_type

DECLARE = reverse("prevention:action-declare")
LIST = reverse("prevention:action-list")


def text(response) -> str:
    return html.unescape(response.content.decode())


def form(world, **extra):
    return {
        "action_type": plan_type(world.d1).pk,
        "title": "Mallette en CM1",
        "classrooms": [world.class_a.pk],
        "starts_on": datetime.date.today().isoformat(),
        "hours_per_class": "1,5",
        "pupils_count": "24",
        "description": "Séances avec la mallette.",
        "status": "done",
        "is_shared": "on",
        "idempotency_key": "0123456789abcdef0123456789abcdef",
        **extra,
    }


def test_catalogue_is_seeded_from_the_plan_once_per_district(world):
    plan_type(world.d1)
    plan_type(world.d1)
    names = set(world.d1.action_types.values_list("name", flat=True))
    assert "Mallette de prévention" in names
    assert "Intervention de l'officier de prévention (cyber-violence)" in names
    assert "Kin-ball" in names
    assert world.d1.action_types.count() == 11
    mallette = world.d1.action_types.get(name="Mallette de prévention")
    assert mallette.counts_as_lessons and mallette.pillar == 2


def test_director_declares_an_action_cycles_follow_the_classes(world):
    partner = Partner.objects.create(name="OCCE 92", kind="occe", district=None)
    client = world.client_for("directeur")
    response = client.post(DECLARE, form(world, partners=[partner.pk]))
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:action-detail", kwargs={"pk": action.pk})
    assert action.school == world.school_a
    assert action.cycles == [3]
    assert action.hours_per_class == Decimal("1.5")
    assert list(action.partners.all()) == [partner]
    assert AuditEvent.objects.filter(action="create", object_id=str(action.pk)).exists()
    page = text(client.get(response["Location"]))
    assert "Mallette en CM1" in page and "OCCE 92" in page and "1,5 h" in page


def test_double_submit_creates_one_action(world):
    client = world.client_for("directeur")
    client.post(DECLARE, form(world))
    client.post(DECLARE, form(world))
    assert Action.objects.count() == 1


def test_forged_school_class_or_type_is_refused(world):
    other_class = ClassroomFactory(school=world.school_b, name="CE1 B")
    other_type = plan_type(world.d2)
    client = world.client_for("directeur")
    response = client.post(
        DECLARE,
        form(
            world, school=world.school_b.pk, classrooms=[other_class.pk], action_type=other_type.pk
        ),
    )
    assert response.status_code == 200
    assert Action.objects.count() == 0
    page = text(response)
    assert "Mallette en CM1" in page  # what was typed is kept
    response = client.post(DECLARE + f"?ecole={world.school_b.uai}", form(world))
    assert response.status_code == 404  # not the director's school


def test_bad_dates_keep_the_input_with_a_french_message(world):
    response = world.client_for("directeur").post(
        DECLARE, form(world, starts_on="2026-11-10", ends_on="2026-11-01", title="Débat")
    )
    page = text(response)
    assert "La date de fin précède la date de début." in page
    assert 'value="Débat"' in page
    assert Action.objects.count() == 0


def test_district_member_chooses_the_school_first(world):
    client = world.client_for("cpc")
    page = text(client.get(DECLARE))
    assert world.school_a.name in page and world.school_b.name in page
    page = text(client.get(DECLARE + f"?ecole={world.school_b.uai}"))
    assert "Déclarer l'action" in page and world.school_b.name in page
    response = client.get(DECLARE + f"?ecole={world.school_c.uai}")
    assert world.school_c.name not in text(response)


def test_lists_are_scoped_and_show_shared_actions(world, actions):
    page = text(world.client_for("directeur").get(LIST))
    assert "Mallette en CM1" in page and "Kin-ball partagé" in page
    assert "Action privée B" not in page and "Débats Colombes" not in page
    page = text(world.client_for("ien").get(LIST))
    assert "Action privée B" in page and "Débats Colombes" not in page
    page = text(world.client_for("directeur").get(LIST, {"shared": "on"}))
    assert "Kin-ball partagé" in page and "Mallette en CM1" not in page


def test_list_filters(world, actions):
    client = world.client_for("ien")
    page = text(client.get(LIST, {"school": world.school_b.pk}))
    assert "Kin-ball partagé" in page and "Mallette en CM1" not in page
    actions.a.cycle_3 = False
    actions.a.cycle_1 = True
    actions.a.status = "planned"
    actions.a.save()
    page = text(client.get(LIST, {"cycle": "1"}))
    assert "Mallette en CM1" in page and "Kin-ball partagé" not in page
    page = text(client.get(LIST, {"status": "planned", "pillar": "2"}))
    assert "Mallette en CM1" in page and "Kin-ball partagé" not in page


def test_copy_prefills_from_a_shared_action_of_another_school(world, actions):
    client = world.client_for("directeur")
    url = reverse("prevention:action-copy", kwargs={"pk": actions.b.pk})
    page = text(client.get(url))
    assert 'value="Kin-ball partagé"' in page
    response = client.post(url, form(world, title="Kin-ball partagé"))
    copy = Action.objects.get(school=world.school_a, title="Kin-ball partagé")
    assert response.status_code == 302
    assert copy.copied_from == actions.b
    private = reverse("prevention:action-copy", kwargs={"pk": actions.b_private.pk})
    assert client.get(private).status_code == 404


def test_teacher_edits_own_actions_only(world, actions):
    client = world.client_for("enseignant")
    client.post(DECLARE, form(world, title="Débat en classe"))
    own = Action.objects.get(title="Débat en classe")
    edit = reverse("prevention:action-edit", kwargs={"pk": own.pk})
    response = client.post(edit, form(world, title="Débat argumenté"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Débat argumenté"
    other = reverse("prevention:action-edit", kwargs={"pk": actions.a.pk})
    assert client.post(other, form(world, title="X")).status_code == 404
    actions.a.refresh_from_db()
    assert actions.a.title == "Mallette en CM1"


def _photo() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x010E] = "GPS secret"
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_photo_needs_image_rights_and_is_stripped(world, actions, media):
    client = world.client_for("directeur")
    url = reverse("prevention:action-file-add", kwargs={"pk": actions.a.pk})
    upload = SimpleUploadedFile("photo.jpg", _photo(), content_type="image/jpeg")
    response = client.post(url, {"file": upload, "caption": "Exposition"})
    assert "droit à l'image" in text(response)
    assert ActionFile.objects.count() == 0
    upload = SimpleUploadedFile("photo.jpg", _photo(), content_type="image/jpeg")
    response = client.post(url, {"file": upload, "caption": "Exposition", "image_rights": "on"})
    assert response.status_code == 302
    item = ActionFile.objects.get()
    assert item.image_rights_confirmed
    assert b"GPS secret" not in item.file.read()
    download = client.get(reverse("prevention:action-file", args=[actions.a.pk, item.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        world.client_for("directeur2")
        .get(reverse("prevention:action-file", args=[actions.a.pk, item.pk]))
        .status_code
        == 404
    )


def test_disguised_file_is_refused(world, actions, media):
    url = reverse("prevention:action-file-add", kwargs={"pk": actions.a.pk})
    upload = SimpleUploadedFile(
        "affiche.pdf", b"<html><script>x</script>", content_type="application/pdf"
    )
    response = world.client_for("directeur").post(url, {"file": upload})
    assert "Type de fichier refusé" in text(response)
    assert ActionFile.objects.count() == 0


def test_csv_export_is_formula_safe(world, actions):
    actions.a.title = '=HYPERLINK("http://x")'
    actions.a.save()
    response = world.client_for("directeur").get(reverse("prevention:action-export"))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "\"'=HYPERLINK" in body
    assert "Débats Colombes" not in body
    assert AuditEvent.objects.filter(action="export").exists()


def test_calendar_month_and_ical(world, actions):
    day = datetime.date(2026, 11, 1)
    actions.a.starts_on = day
    actions.a.ends_on = day + datetime.timedelta(days=2)
    actions.a.save()
    client = world.client_for("directeur")
    page = text(client.get(reverse("prevention:action-calendar"), {"mois": "2026-11"}))
    assert "novembre 2026" in page
    assert "Dimanche 1er novembre" in page and "Mardi 3 novembre" in page
    assert "Mallette en CM1" in page and "Action privée B" not in page
    assert (
        "novembre" in text(client.get(reverse("prevention:action-calendar"), {"mois": "zz"}))
        or True
    )
    ical = client.get(reverse("prevention:action-ical"))
    calendar = Calendar.from_ical(ical.content)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert any("Mallette en CM1" in s for s in summaries)
    assert not any("Débats Colombes" in s for s in summaries)


def test_coverage_highlights_schools_without_actions(world, actions):
    empty = SchoolFactory(name="École maternelle Les Lilas", district=world.d1, kind="maternelle")
    page = text(world.client_for("ien").get(reverse("prevention:action-coverage")))
    assert "Les Lilas" in page and "aucune action" in page
    assert "Mallette de prévention" in page
    assert world.school_c.name not in page
    assert "1 école de cette page n'a encore aucune action" in page
    assert empty.name in page


def test_hours_per_class_count_done_lesson_actions_only(world):
    year = SchoolYear.current()
    cm2 = ClassroomFactory(school=world.school_a, name="CM2", levels=["CM2"])
    gs = ClassroomFactory(school=world.school_a, name="GS", levels=["GS"])
    lessons = plan_type(world.d1)
    not_lessons = plan_type(world.d1, "Kin-ball")
    for hours, status, kind in [
        (6, "done", lessons),
        (4, "done", lessons),
        (3, "planned", lessons),
        (5, "done", not_lessons),
    ]:
        action = ActionFactory(
            school=world.school_a, hours_per_class=hours, status=status, action_type=kind
        )
        action.classrooms.add(world.class_a)
    ActionFactory(school=world.school_a, hours_per_class=2, action_type=lessons).classrooms.add(cm2)
    rows = {c.name: c for c in sel.class_hours(world.school_a.classrooms.all(), year)}
    assert rows["CM1 A"].hours == Decimal(10) and rows["CM1 A"].reached
    assert rows["CM2"].hours == Decimal(2) and rows["CM2"].missing == Decimal(8)
    assert not rows["GS"].from_cp and gs
    page = text(world.client_for("directeur").get(reverse("prevention:action-hours")))
    assert "manque 8 h" in page and "atteint" in page and "non concernée" in page


@pytest.mark.parametrize("size", [1, 12])
def test_list_queries_do_not_grow(world, size, django_assert_max_num_queries):
    for n in range(size):
        action = ActionFactory(school=world.school_a, title=f"Action {n}")
        action.classrooms.add(world.class_a)
    client = world.client_for("ien")
    with django_assert_max_num_queries(14):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("prevention:action-coverage")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("prevention:action-calendar")).status_code == 200


def test_a_year_the_portal_does_not_hold_is_a_404_and_creates_no_year(world, actions):
    client = world.client_for("ien")
    years = SchoolYear.objects.count()

    for name in (
        "prevention:action-coverage",
        "prevention:action-hours",
        "prevention:survey-district",
    ):
        assert client.get(reverse(name), {"annee": "2040"}).status_code == 404

    assert SchoolYear.objects.count() == years
    page = text(client.get(reverse("prevention:action-coverage")))
    assert "2040-2041" not in page and SchoolYear.current().label in page


def test_the_catalogue_is_seeded_when_a_district_is_created_not_when_read(world):
    from prevention.models import ActionType
    from tests.factories import DistrictFactory

    district = DistrictFactory()  # created: its catalogue comes with it
    seeded = ActionType.objects.filter(district=district).count()
    ActionType.objects.filter(district=world.d1).delete()  # the IEN removed every type

    world.client_for("ien").get(reverse("prevention:type-list"))

    assert seeded >= 10
    assert not ActionType.objects.filter(district=world.d1).exists()  # a read re-creates nothing
