"""Bench pages of « Mieux prendre en charge » beyond ``bench/pages.py``: the copies a sending
school keeps after a transfer, and the case list opened by a next action (``?a_traiter=``)."""

PAGES = [
    ("situations transmises", "/prendre-en-charge/situations-transmises/", "ien"),
    (
        "situations à traiter : escaladées",
        "/prendre-en-charge/situations/?a_traiter=escaladees",
        "ien",
    ),
    (
        "situations à traiter : suivis en retard",
        "/prendre-en-charge/situations/?a_traiter=suivi_en_retard",
        "directeur",
    ),
]
