"""The pages the bench measures: the directory's and « Mieux prendre en charge »'s.

Each axis app adds its own in ``<app>/bench.py`` (``PAGES``, same shape). A row is
``(label, url, username)``: the demo account that sees the most on that page. ``{name}`` in a URL
is replaced by ``PLACEHOLDERS[name]()`` (run with Django set up on the measured database).
PDF rows are listed apart in ``PDF_PAGES``: the bench times them against WeasyPrint alone.
"""

PAGES = [
    ("accueil circonscription", "/accueil/circonscription/", "ien"),
    ("accueil école", "/accueil/ecole/", "directeur"),
    ("écoles", "/ecoles/", "ien"),
    ("fiche école", "/ecoles/{uai}/", "ien"),
    ("journal d'audit", "/journal/", "ien"),
    ("notifications", "/notifications/", "ien"),
    ("prendre en charge", "/prendre-en-charge/", "ien"),
    ("liste des situations", "/prendre-en-charge/situations/", "ien"),
    ("nouvelle situation", "/prendre-en-charge/situations/nouvelle/", "ien"),
    ("page situation", "/prendre-en-charge/situations/{case}/", "ien"),
    ("intervenants", "/prendre-en-charge/situations/{case}/intervenants/", "ien"),
    ("fiche bilan", "/prendre-en-charge/situations/{bilan_case}/bilan/", "ien"),
    ("signalements reçus", "/prendre-en-charge/signalements/", "ien"),
    ("nouveau signalement", "/prendre-en-charge/signalements/nouveau/", "directeur"),
    ("tableau de bord", "/prendre-en-charge/tableau-de-bord/", "ien"),
    ("plans (couverture)", "/prendre-en-charge/plans-de-prevention/", "ien"),
    ("nouveau plan", "/prendre-en-charge/plans-de-prevention/nouveau/", "ien"),
    ("pôles", "/prendre-en-charge/poles/", "ien"),
    ("page du pôle", "/prendre-en-charge/poles/{pole}/", "ien"),
    ("réunion du pôle", "/prendre-en-charge/reunions/{meeting}/", "ien"),
    ("ajout présentation", "/prendre-en-charge/reunions/{meeting}/presentations/nouvelle/", "ien"),
    ("protocole de crise", "/prendre-en-charge/protocole-de-crise/", "ien"),
]

PDF_PAGES = [
    ("PDF compte rendu", "/prendre-en-charge/reunions/{meeting}/compte-rendu.pdf", "ien"),
    ("PDF fiche bilan", "/prendre-en-charge/situations/{bilan_case}/bilan/pdf/", "ien"),
    ("PDF modes de saisine", "/ecoles/{uai}/modes-de-saisine.pdf", "ien"),
]


def _demo_district():
    from directory.demo import DISTRICT
    from directory.models import District

    return District.objects.get(code=DISTRICT["code"])


def _case() -> str:
    from resources_hub.models import Case

    return Case.objects.filter(school__uai="0921003R").order_by("pk").first().reference


def _bilan_case() -> str:
    from resources_hub.models import FicheBilan

    bilan = FicheBilan.objects.filter(case__school__uai="0921003R").order_by("pk").first()
    return bilan.case.reference


def _pole() -> str:
    from resources_hub.models import Pole

    return str(Pole.objects.filter(district=_demo_district()).order_by("pk").first().pk)


def _meeting() -> str:
    from resources_hub.models import PoleMeeting

    meetings = PoleMeeting.objects.filter(pole__district=_demo_district())
    return str(meetings.order_by("pk").first().pk)


PLACEHOLDERS = {
    "uai": lambda: "0921003R",
    "case": _case,
    "bilan_case": _bilan_case,
    "pole": _pole,
    "meeting": _meeting,
}
