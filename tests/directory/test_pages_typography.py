"""French typography helpers and people's own titles in the header and the staff lists."""

import datetime

from django.template import Context, Template
from django.urls import reverse

from directory.models import StaffProfile
from directory.typography import NBSP, NNBSP, french_date, french_spacing


def test_first_of_the_month_is_1er_everywhere_a_template_prints_a_date():
    day = datetime.date(2026, 12, 1)
    assert french_date(day) == "1er décembre 2026"
    assert french_date(datetime.date(2026, 12, 2)) == "2 décembre 2026"
    rendered = Template('{{ d|date:"j F Y" }} {{ d|date:"d/m/Y" }}').render(Context({"d": day}))
    assert rendered == "1er décembre 2026 01/12/2026"


def test_french_spacing_leaves_markup_and_typed_text_alone():
    text = french_spacing(
        'Besoin d\'aide ? Appelez : « 3018 » ; 12 500 à 16 h 30 <a href="x?y=1">lien ?</a>'
        "<textarea>mon texte ?</textarea> &gt; http://x.fr:80"
    )
    assert f"aide{NNBSP}?" in text and f"Appelez{NBSP}:" in text
    assert f"«{NBSP}3018{NBSP}»" in text and f"{NNBSP};" in text
    assert f"12{NBSP}500" in text and f"16{NBSP}h{NBSP}30" in text
    assert 'href="x?y=1"' in text and f"lien{NNBSP}?" in text
    assert "<textarea>mon texte ?</textarea>" in text
    assert "&gt;" in text and "http://x.fr:80" in text


def test_header_and_staff_list_use_the_persons_own_title(world):
    StaffProfile.objects.filter(user=world.users["directeur"]).update(civility="f")
    page = world.client_for("directeur").get(reverse("directory:home-director")).content.decode()
    assert "Directrice d&#x27;école" in page or "Directrice d'école" in page
    assert "Directeur·rice" not in page
    detail = world.client_for("ien").get(
        reverse("directory:school-detail", args=[world.school_a.uai])
    )
    assert "Directrice d" in detail.content.decode()


def test_the_header_names_the_main_role_first_and_the_others_for_screen_readers(world):
    from directory.models import Role
    from tests.factories import AssignmentFactory

    AssignmentFactory(user=world.users["directeur"], role=Role.POLE_SEAT, district=world.d1)
    page = world.client_for("directeur").get(reverse("directory:home-director")).content.decode()

    label = page.split('id="utilisateur"')[1].split("</span>\n")[0]
    visible = label.split(">", 1)[1].split('<span class="fr-sr-only">')[0]
    assert "Directeur" in visible and "Siège au pôle" not in visible
    assert "Siège au pôle ressources" in label  # read out, and shown on hover
