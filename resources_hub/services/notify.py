"""Who is told what about a case: each call sends exactly one notification per recipient, with
nothing but a link (``directory.notifications`` keeps the content out of e-mails)."""

from django.urls import reverse

from directory.notifications import directors_of, inspectors_of, notify


def case_url(case) -> str:
    return reverse("resources_hub:case-detail", kwargs={"reference": case.reference})


def bilan_url(case) -> str:
    return reverse("resources_hub:bilan-edit", kwargs={"reference": case.reference})


def tell_inspectors(case, event: str, *, key: str = "") -> list:
    """The IEN(s) of the case's district (nobody when the school has none: never every IEN)."""
    if case.school.district_id is None:
        return []
    return notify(
        inspectors_of(case.school.district_id),
        event=event,
        url=case_url(case),
        dedupe_key=key,
    )


def tell_mobilised(case, person) -> list:
    return notify([person], event="case.mobilised", url=case_url(case), dedupe_key="")


def tell_cosigners(case) -> list:
    """A fiche signed by the pôle waits for the director (or, without one, the IEN)."""
    directors = list(directors_of(case.school))
    if not directors and case.school.district_id is None:
        return []
    people = directors or list(inspectors_of(case.school.district_id))
    return notify(people, event="bilan.to_sign", url=bilan_url(case))
