"""Reports by adults, the inbox of the school and of the district team, a report's page with the
pupil's thread, and the school's poster for pupils."""

import html
import io
import uuid

import pytest
from django.urls import NoReverseMatch, reverse
from pypdf import PdfReader

from directory.models import AuditEvent, Role
from resources_hub import services
from resources_hub.models import Report, ReportMessage
from tests.factories import AssignmentFactory, CaseFactory, ReportFactory

CREATE = reverse("resources_hub:report-create")
MINE = reverse("resources_hub:report-mine")
INBOX = reverse("resources_hub:report-list")


def text(response) -> str:
    return html.unescape(response.content.decode())


def detail_url(report) -> str:
    return reverse("resources_hub:report-detail", kwargs={"pk": report.pk})


def report_form(**overrides) -> dict:
    data = {
        "description": "Noé reste seul à chaque récréation depuis trois semaines.",
        "places": ["cour", "cantine"],
        "signals": ["isole", "evitement"],
        "pupil_label": "Noé K.",
        "class_label": "CM1 A",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- Reporting ---


def test_teacher_reports_in_their_school_and_is_told_what_happens_next(world):
    client = world.client_for("enseignant")
    page = client.get(CREATE)
    assert page.status_code == 200
    body = text(page)
    assert "Signaler une situation" in body and "Signaux faibles observés" in body
    assert "jamais le nom complet" in body and "Aucun détail médical" in body
    assert 'name="school"' not in body  # one school: implied
    assert 'name="idempotency_key"' in body

    response = client.post(CREATE, report_form())
    assert response.status_code == 200
    confirmation = text(response)
    assert "Votre signalement est envoyé" in confirmation
    assert "l'équipe de circonscription sont informés" in confirmation
    assert MINE in confirmation
    report = Report.objects.get()
    assert report.school == world.school_a
    assert report.source == "staff"
    assert report.created_by == world.users["enseignant"]
    assert report.places == ["cour", "cantine"]
    assert report.signals == ["isole", "evitement"]
    assert (report.pupil_label, report.class_label) == ("Noé K.", "CM1 A")
    assert report.status == "new"
    row = AuditEvent.objects.get(action="create", object_type="resources_hub.report")
    assert row.user == world.users["enseignant"]


def test_parent_report_is_recorded_as_from_a_parent(world):
    world.client_for("parent").post(CREATE, report_form())
    assert Report.objects.get().source == "parent"


def test_director_records_where_a_relayed_report_comes_from(world):
    client = world.client_for("directeur")
    body = text(client.get(CREATE))
    assert "D'où vient ce signalement" in body and "Boîte aux lettres ou élève ambassadeur" in body
    client.post(CREATE, report_form(relayed_source="mailbox"))
    client.post(CREATE, report_form(relayed_source=""))
    assert sorted(Report.objects.values_list("source", flat=True)) == ["mailbox", "staff"]
    refused = client.post(CREATE, report_form(relayed_source="pupil"))
    assert "Choisissez une des origines proposées" in text(refused)
    assert Report.objects.count() == 2


def test_teachers_and_parents_cannot_choose_an_origin(world):
    for persona in ("enseignant", "parent"):
        client = world.client_for(persona)
        assert "D'où vient ce signalement" not in text(client.get(CREATE))
        client.post(CREATE, report_form(relayed_source="referent_3018"))
    assert sorted(Report.objects.values_list("source", flat=True)) == ["parent", "staff"]


def test_double_submit_creates_one_report(world):
    client = world.client_for("directeur")
    data = report_form()
    client.post(CREATE, data)
    client.post(CREATE, data)
    assert Report.objects.count() == 1


def test_forged_fields_are_ignored(world):
    data = report_form(
        school=world.school_b.pk,
        status="filed",
        source="pupil",
        created_by=world.users["directeur"].pk,
        receipt_digest="x",
    )
    world.client_for("enseignant").post(CREATE, data)
    report = Report.objects.get()
    assert (report.school, report.status, report.source) == (world.school_a, "new", "staff")
    assert report.created_by == world.users["enseignant"]


def test_user_with_several_schools_chooses_among_their_own_only(world):
    teacher = world.users["enseignant"]
    AssignmentFactory(user=teacher, role=Role.PARENT, school=world.school_b)
    client = world.client_for("enseignant")
    form = text(client.get(CREATE))
    assert world.school_a.name in form and world.school_b.name in form
    assert world.school_c.name not in form

    refused = client.post(CREATE, report_form(school=world.school_c.pk))
    assert refused.status_code == 200
    assert "Choisissez une de vos écoles." in text(refused)
    assert not Report.objects.exists()

    client.post(CREATE, report_form(school=world.school_b.pk))
    report = Report.objects.get()
    assert report.school == world.school_b
    assert report.source == "parent"  # a parent in school B, a teacher in school A


def test_bad_input_is_explained_and_typed_values_kept(world):
    response = world.client_for("parent").post(
        CREATE, report_form(description="", pupil_label="Noé Kervella", places=["lune"])
    )
    page = text(response)
    assert response.status_code == 200
    assert "Décrivez ce qui se passe." in page
    assert "Indiquez seulement le prénom et l'initiale du nom" in page
    assert 'value="Noé Kervella"' in page
    assert not Report.objects.exists()


def test_missing_idempotency_key_is_refused_with_a_message(world):
    response = world.client_for("parent").post(CREATE, report_form(idempotency_key=""))
    assert "Le formulaire a expiré" in text(response)
    assert not Report.objects.exists()


# --- My reports ---


def test_teacher_sees_only_own_reports_and_only_their_status(world, cases):
    response = world.client_for("enseignant").get(MINE)
    page = text(response)
    assert response.status_code == 200
    assert "Nouveau" in page
    assert page.count("<tr>") == 2  # header + the teacher's one report
    assert cases.report_teacher.description not in page
    assert cases.report_parent.description not in page
    assert "On se moque de moi" not in page


def test_parent_sees_the_status_label_and_nothing_of_the_handling(world, cases):
    services.report_set_status(
        report=cases.report_parent, status="read", user=world.users["directeur"]
    )
    ReportMessage.objects.create(
        report=cases.report_parent,
        author_kind="school",
        body="Note interne du directeur",
        idempotency_key="note",
    )
    page = text(world.client_for("parent").get(MINE))
    assert "Pris en compte" in page
    assert "Note interne du directeur" not in page
    assert cases.report_parent.description not in page
    assert detail_url(cases.report_parent) not in page


@pytest.mark.parametrize("size", [1, 12])
def test_my_reports_query_count_is_constant(world, size, django_assert_max_num_queries):
    for _ in range(size):
        ReportFactory(school=world.school_a, created_by=world.users["parent"], source="parent")
    client = world.client_for("parent")
    with django_assert_max_num_queries(6):
        response = client.get(MINE)
    assert text(response).count("<tr>") == size + 1


# --- The inbox ---


def test_director_inbox_holds_the_school_reports_only_newest_first(world, cases):
    other = ReportFactory(school=world.school_b, description="Dans l'école B")
    response = world.client_for("directeur").get(INBOX)
    page = text(response)
    assert response.status_code == 200
    links = [detail_url(r) for r in (cases.pupil_report, cases.report_parent)]
    assert all(link in page for link in links)
    assert detail_url(cases.report_teacher) in page
    assert detail_url(other) not in page
    assert page.index(detail_url(cases.pupil_report)) < page.index(detail_url(cases.report_teacher))
    assert "fr-badge--new" in page
    assert 'name="school"' not in page  # no school filter for one school
    assert cases.report_teacher.description not in page  # the text is read on its audited page


def test_district_inbox_spans_its_schools_and_filters(world, cases):
    in_b = ReportFactory(school=world.school_b, source="parent")
    in_c = ReportFactory(school=world.school_c)
    client = world.client_for("ien")
    page = text(client.get(INBOX))
    assert detail_url(in_b) in page and detail_url(cases.report_teacher) in page
    assert detail_url(in_c) not in page
    assert 'name="school"' in page and world.school_c.name not in page

    only_b = text(client.get(INBOX, {"school": world.school_b.pk}))
    assert detail_url(in_b) in only_b and detail_url(cases.report_teacher) not in only_b
    pupils = text(client.get(INBOX, {"source": "pupil"}))
    assert detail_url(cases.pupil_report) in pupils and detail_url(in_b) not in pupils
    services.report_set_status(report=in_b, status="filed", user=world.users["ien"])
    filed = text(client.get(INBOX, {"status": "filed"}))
    assert detail_url(in_b) in filed and detail_url(cases.report_parent) not in filed
    foreign = text(client.get(INBOX, {"school": world.school_c.pk}))
    assert detail_url(in_c) not in foreign

    other_district = text(world.client_for("ien_autre").get(INBOX))
    assert detail_url(in_c) in other_district and detail_url(in_b) not in other_district


def test_inbox_flags_a_pupil_who_wrote_last(world, cases):
    services.report_message_add(
        report=cases.pupil_report,
        body="J'ai encore peur.",
        author_kind="pupil",
        idempotency_key="p1",
    )
    assert "L'élève a écrit" in text(world.client_for("directeur").get(INBOX))


@pytest.mark.parametrize("size", [2, 20])
@pytest.mark.parametrize("persona", ["directeur", "ien"])
def test_inbox_query_count_is_constant(world, size, persona, django_assert_max_num_queries):
    for index in range(size):
        report = ReportFactory(school=world.school_a if index % 2 else world.school_b)
        ReportMessage.objects.create(
            report=report, author_kind="pupil", body="…", idempotency_key=f"m{index}"
        )
    client = world.client_for(persona)
    with django_assert_max_num_queries(11):  # 7-8 for the page, 3 for its audit row (a read)
        response = client.get(INBOX)
    assert response.status_code == 200


# --- A report's page ---


def test_director_reads_a_report_with_places_signals_and_one_view_row(world, cases):
    report = cases.report_teacher
    response = world.client_for("directeur").get(detail_url(report))
    page = text(response)
    assert response.status_code == 200
    assert report.description in page
    assert "Dans la cour" in page
    assert "Reste seul·e, mis·e à l'écart des jeux ou des groupes" in page
    assert world.users["enseignant"].display_name in page
    views = AuditEvent.objects.filter(action="view", object_id=str(report.pk))
    assert views.count() == 1
    assert views.get().user == world.users["directeur"]
    assert "no-store" in response["Cache-Control"]


def test_open_a_case_button_links_with_the_report(world, cases):
    page = text(world.client_for("directeur").get(detail_url(cases.report_teacher)))
    try:
        create_case = reverse("resources_hub:case-create")
    except NoReverseMatch:
        pytest.skip("the cases area is not installed")
    assert f"{create_case}?report={cases.report_teacher.pk}" in page
    assert "Ouvrir une situation" in page


def test_other_school_director_gets_404_and_a_refused_row(world, cases):
    response = world.client_for("directeur2").get(detail_url(cases.report_teacher))
    assert response.status_code == 404
    assert cases.report_teacher.description not in text(response)
    assert AuditEvent.objects.filter(action="refused", user=world.users["directeur2"]).exists()
    assert not AuditEvent.objects.filter(action="view").exists()
    posted = world.client_for("directeur2").post(
        detail_url(cases.report_teacher), {"action": "file"}
    )
    assert posted.status_code == 404
    cases.report_teacher.refresh_from_db()
    assert cases.report_teacher.status == "new"


def test_teacher_cannot_open_even_their_own_report_page(world, cases):
    response = world.client_for("enseignant").get(detail_url(cases.report_teacher))
    assert response.status_code == 403


def test_mark_as_read_then_file(world, cases):
    client = world.client_for("directeur")
    url = detail_url(cases.report_parent)
    response = client.post(url, {"action": "read"})
    assert response.status_code == 302 and response["Location"] == url
    cases.report_parent.refresh_from_db()
    assert cases.report_parent.status == "read"
    client.post(url, {"action": "file"})
    cases.report_parent.refresh_from_db()
    assert cases.report_parent.status == "filed"
    page = text(client.get(url))
    assert "Sans suite" in page and "Classé sans suite" not in page
    assert "Marquer comme pris en compte" in page
    updates = AuditEvent.objects.filter(action="update", object_id=str(cases.report_parent.pk))
    assert updates.count() == 2


def test_forged_status_is_ignored(world, cases):
    client = world.client_for("directeur")
    response = client.post(detail_url(cases.report_parent), {"action": "x", "status": "linked"})
    assert response.status_code == 302
    assert "Cette action n'est pas possible" in text(client.get(response["Location"]))
    cases.report_parent.refresh_from_db()
    assert cases.report_parent.status == "new"


def test_a_report_linked_to_a_case_cannot_be_filed(world, cases):
    case = CaseFactory(school=world.school_a, reference="S-2026-0042")
    Report.objects.filter(pk=cases.report_parent.pk).update(status="linked", case=case)
    client = world.client_for("directeur")
    page = text(client.get(detail_url(cases.report_parent)))
    assert "S-2026-0042" in page and "Classer sans suite" not in page
    assert "Ouvrir une situation" not in page
    client.post(detail_url(cases.report_parent), {"action": "file"})
    cases.report_parent.refresh_from_db()
    assert cases.report_parent.status == "linked"


def test_school_answers_the_pupil_who_reads_it_with_the_code(world, cases):
    client = world.client_for("directeur")
    url = detail_url(cases.pupil_report)
    page = text(client.get(url))
    assert "Échanges avec l'élève" in page and "On se moque de moi à la cantine." in page
    data = {
        "action": "reply",
        "body": "Merci de nous l'avoir dit. Viens me voir demain.",
        "idempotency_key": str(uuid.uuid4()),
    }
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # double click
    message = ReportMessage.objects.get()
    assert (message.author_kind, message.author) == ("school", world.users["directeur"])
    assert "Viens me voir demain." in text(client.get(url))

    thread = text(
        world.client_for("anonymous").post(
            reverse("resources_hub:pupil-thread"), {"code": cases.receipt}
        )
    )
    assert "Viens me voir demain." in thread
    assert "L'école a lu ton message." in thread  # answering is reading
    assert "pas encore" not in thread


def test_empty_reply_is_explained(world, cases):
    client = world.client_for("ien")
    response = client.post(
        detail_url(cases.pupil_report),
        {"action": "reply", "body": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert "Écrivez votre réponse." in text(response)
    assert not ReportMessage.objects.exists()


def test_no_reply_on_a_staff_report(world, cases):
    client = world.client_for("directeur")
    page = text(client.get(detail_url(cases.report_teacher)))
    assert "Échanges avec" not in page
    client.post(
        detail_url(cases.report_teacher),
        {"action": "reply", "body": "?", "idempotency_key": str(uuid.uuid4())},
    )
    assert not ReportMessage.objects.exists()


# --- The poster ---


def poster_url(school) -> str:
    return reverse("resources_hub:report-poster", kwargs={"uai": school.uai})


def test_poster_is_a_pdf_with_qr_code_short_code_and_numbers(world, settings):
    settings.HZ_PDF_MAX_TEXT = 500  # free text is capped; the QR code must not be
    services.pupil_access_for(world.school_a)
    response = world.client_for("directeur").get(poster_url(world.school_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert world.school_a.uai in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    pdf_text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(pdf_text.split())
    access = services.pupil_access_for(world.school_a)
    assert world.school_a.name in flat
    assert access.code in "".join(flat.split())  # letter-spaced on the poster: read it whole
    assert "3018" in flat and "119" in flat
    assert "3020" not in flat  # a pupil surface: 3018 and 119 only
    assert flat.index("3018") < flat.index("119")
    assert "Parle à un adulte de l'école" in flat.replace("’", "'")
    assert "http://testserver/prendre-en-charge/eleves/" in flat.replace(" ", "")
    assert "RÉPUBLIQUE FRANÇAISE" in flat.upper() and "Circonscription" in flat
    assert "Code QR de la page" not in flat  # the image's alt text shows only when it fails
    assert len(reader.pages[0].get_contents().get_data()) > 20_000  # the QR code's modules
    row = AuditEvent.objects.get(action="export")
    a3 = world.client_for("directeur").get(poster_url(world.school_a) + "?format=a3")
    box = PdfReader(io.BytesIO(a3.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 1191)  # A3
    assert len(PdfReader(io.BytesIO(a3.content)).pages) == 1
    assert (row.user, row.object_id) == (world.users["directeur"], str(world.school_a.pk))


def test_poster_of_another_school_is_404(world):
    response = world.client_for("directeur2").get(poster_url(world.school_a))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_poster_is_rate_limited(world, settings):
    settings.HZ_PDF_PER_MINUTE = 0
    response = world.client_for("ien").get(poster_url(world.school_a))
    assert response.status_code == 429
    assert not AuditEvent.objects.filter(action="export").exists()
