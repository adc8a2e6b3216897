"""Words for each reader, checked on rendered pages: no internal value or English shown, « 1er »
for the first of the month, French spacing before ? ! : ; on the pages written for this, and on
pupils' pages no point médian, no « formulaire », no « astérisque », no 3020."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import AuditEvent
from resources_hub import services
from resources_hub.models import CaseHandler, HandlerKind
from tests.factories import CaseFactory, ReportFactory

INTERNAL = re.compile(
    r"\b(None|True|False|pupil|family|staff|district_team|pole_member|inspector|"
    r"resources_hub\.\w+|directory\.\w+|prevention\.\w+|training\.\w+|outreach\.\w+)\b"
)
FIRST_OF_MONTH = re.compile(
    r"\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)
LOOSE_SPACE = re.compile(r"\w [?!;:](\s|$)")


class _Text(HTMLParser):
    """Visible text, by region: ``main`` and the whole ``body``."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.body: list[str] = []
        self.main: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if any(t in ("script", "style", "title", "textarea") for t in self.stack):
            return
        self.body.append(data)
        if "main" in self.stack:
            self.main.append(data)


def _read(response) -> tuple[str, str]:
    assert response.status_code == 200, response.status_code
    parser = _Text()
    parser.feed(response.content.decode())
    join = lambda parts: " ".join(" ".join(parts).split(" "))  # noqa: E731
    return join(parser.body), join(parser.main)


def _faults(body: str) -> list[str]:
    faults = [f"valeur interne « {m.group(0)} »" for m in INTERNAL.finditer(body)]
    faults += [f"date « {m.group(0)} » (1er)" for m in FIRST_OF_MONTH.finditer(body)]
    return faults


@pytest.fixture
def busy_world(world):
    """Something on every home: a new report, a review due, an audit trail with internal values."""
    world.d1.academie = "Versailles"
    world.d1.save()
    ReportFactory(school=world.school_a, source="parent", created_by=world.users["parent"])
    case = CaseFactory(
        school=world.school_a,
        status="handling",
        next_review_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    CaseHandler.objects.create(case=case, user=world.users["pole"], kind=HandlerKind.POLE)
    AuditEvent.objects.all()  # the log already holds the world's logins
    return world


PAGES = [
    ("ien", "directory:home-district"),
    ("ien", "directory:audit-log"),
    ("cpc", "directory:home-district"),
    ("pole", "directory:home-pole"),
    ("directeur", "directory:home-director"),
    ("directeur", "resources_hub:report-list"),
    ("enseignant", "directory:home-teacher"),
    ("parent", "directory:home-parent"),
    ("parent", "resources_hub:report-mine"),
    ("anonymous", "home"),
    ("anonymous", "directory:legal"),
    ("anonymous", "directory:accessibility"),
    ("anonymous", "directory:sitemap"),
    ("anonymous", "resources_hub:pupil-entry"),
]
# Pages whose every word is the portal's own: French spacing is checked there.
SPACED = {
    "directory:home-district",
    "directory:home-pole",
    "directory:home-director",
    "directory:home-teacher",
    "directory:home-parent",
    "home",
    "directory:legal",
    "directory:accessibility",
    "directory:sitemap",
    "resources_hub:pupil-entry",
}


@pytest.mark.parametrize(("persona", "url_name"), PAGES)
def test_pages_show_no_internal_value_and_print_dates_the_french_way(
    busy_world, persona, url_name, freezer=None
):
    client = busy_world.client_for(persona) if persona != "anonymous" else Client()
    body, main = _read(client.get(reverse(url_name)))
    assert _faults(body) == []
    if url_name in SPACED:
        assert [m.group(0) for m in LOOSE_SPACE.finditer(main)] == []


def test_audit_log_speaks_french(busy_world):
    services.pupil_report_create(
        access=services.pupil_access_for(busy_world.school_a),
        data={"description": "On me pousse."},
        idempotency_key="words",
    )
    report = ReportFactory(school=busy_world.school_a)
    services.report_set_status(report=report, status="read", user=busy_world.users["ien"])
    body, _ = _read(busy_world.client_for("ien").get(reverse("directory:audit-log")))
    assert _faults(body) == []
    assert "signalement n°" in body and "état pris en compte" in body


def test_first_of_the_month_prints_1er(busy_world):
    report = ReportFactory(school=busy_world.school_a, created_by=busy_world.users["parent"])
    report.__class__.objects.filter(pk=report.pk).update(
        created_at=datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)
    )
    body, _ = _read(busy_world.client_for("parent").get(reverse("resources_hub:report-mine")))
    assert "1er décembre 2026" in body


def test_pupil_pages_speak_to_a_child(world):
    access = services.pupil_access_for(world.school_a)
    client = Client()
    pages = [
        client.get(reverse("resources_hub:pupil-entry")),
        client.get(reverse("resources_hub:pupil-report", args=[access.code])),
        client.get(reverse("resources_hub:pupil-receipt")),
        client.get(reverse("directory:privacy-children")),
        client.get("/"),
    ]
    for response in pages:
        body, main = _read(response)
        assert "3020" not in body
        for word in ("·", "formulaire", "astérisque"):
            assert word not in main, (response.request["PATH_INFO"], word)
        assert _faults(body) == []


def test_panel_figures_agree_with_their_count():
    from directory.dashboard import Panel

    panel = Panel(
        "prendre-en-charge",
        "Situations",
        [
            (("point de suivi en retard", "points de suivi en retard"), 1),
            (("situation en cours", "situations en cours"), 0),
            (("situation en cours", "situations en cours"), 3),
            ("membres du pôle formés", "4 / 5"),
        ],
    )

    assert panel.rows == [
        ("point de suivi en retard", 1),
        ("situation en cours", 0),
        ("situations en cours", 3),
        ("membres du pôle formés", "4 / 5"),
    ]
