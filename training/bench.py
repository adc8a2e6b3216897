"""Pages of « Former » the benchmark times, each with the demo account that sees the most."""

PAGES = [
    ("Former : accueil", "/former/", "cpc"),
    ("Former : offre de formation", "/former/sessions/", "enseignant"),
    ("Former : sessions passées", "/former/sessions/?periode=passees", "cpc"),
    ("Former : mes formations", "/former/mes-formations/", "enseignant"),
    ("Former : heures par personne", "/former/heures/", "ien"),
    ("Former : réunions", "/former/reunions/", "ien"),
    ("Former : ambassadeurs", "/former/ambassadeurs/", "ien"),
    ("Former : tableau de la circonscription", "/former/circonscription/", "ien"),
    ("Former : pôle ressources", "/former/pole/", "ien"),
]
