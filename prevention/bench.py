"""Pages of « Prévenir » for the bench: each list page with the demo account that sees most."""

PAGES = [
    ("Actions de prévention (liste)", "/prevenir/actions/", "ien"),
    ("Calendrier des actions", "/prevenir/actions/calendrier/", "ien"),
    ("Couverture des écoles", "/prevenir/actions/couverture/", "ien"),
    ("Heures par classe", "/prevenir/actions/heures/", "directeur"),
    ("Catalogue des actions", "/prevenir/actions/types/", "ien"),
    ("Campagnes d'enquête", "/prevenir/enquetes/", "ien"),
    ("Climat scolaire de la circonscription", "/prevenir/enquetes/circonscription/", "ien"),
    ("Partenaires", "/partenaires/", "ien"),
    ("Accueil Prévenir", "/prevenir/", "directeur"),
]
