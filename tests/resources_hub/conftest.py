"""Cases and reports on top of the persona world (tests/conftest.py).

``cases.a``: school A, in "prise en charge", the ``pole`` persona assigned, pupils "Léa M."
(target) and "Tom B." (presumed author). ``cases.b``: school B, nobody assigned. ``cases.c``:
school C (other district). ``cases.report_teacher`` / ``cases.report_parent``: reports made in
school A by ``enseignant`` and ``parent``. ``cases.pupil_report`` with ``cases.receipt``: an
anonymous pupil report in school A and its receipt code.
"""

from types import SimpleNamespace

import pytest

from resources_hub import services
from resources_hub.models import CaseHandler, HandlerKind
from tests.factories import CaseFactory, CasePartyFactory, ReportFactory


@pytest.fixture
def cases(world):
    a = CaseFactory(school=world.school_a, status="handling", reference="S-2026-0001")
    CasePartyFactory(case=a, label="Léa M.", role="target", classroom=world.class_a)
    CasePartyFactory(case=a, label="Tom B.", role="author", classroom=world.class_a)
    CaseHandler.objects.create(case=a, user=world.users["pole"], kind=HandlerKind.POLE)
    CaseHandler.objects.create(case=a, user=world.users["directeur"], kind=HandlerKind.SCHOOL)
    b = CaseFactory(school=world.school_b, reference="S-2026-0002", title="Moqueries en classe")
    CasePartyFactory(case=b, label="Noé K.", role="target")
    c = CaseFactory(school=world.school_c, reference="S-2026-0003", title="Messages en ligne")
    report_teacher = ReportFactory(
        school=world.school_a, created_by=world.users["enseignant"], source="staff"
    )
    report_parent = ReportFactory(
        school=world.school_a, created_by=world.users["parent"], source="parent"
    )
    access = services.pupil_access_for(world.school_a)
    pupil_report, receipt = services.pupil_report_create(
        access=access,
        data={"description": "On se moque de moi à la cantine.", "places": ["cantine"]},
        idempotency_key="pupil-fixture",
    )
    return SimpleNamespace(
        a=a,
        b=b,
        c=c,
        report_teacher=report_teacher,
        report_parent=report_parent,
        pupil_report=pupil_report,
        receipt=receipt,
        access=access,
    )
