"""Pages of « Informer » for the bench: its list pages, with the demo account that sees most."""

PAGES = [
    ("espace parents (parent)", "/informer/parents/", "parent"),
    ("espace parents d'une école", "/informer/parents/ecole/0921003R/", "parent"),
    ("événements", "/informer/evenements/", "cpc"),
    ("gérer l'espace parents", "/informer/parents/gerer/", "cpc"),
    ("bilans annuels des écoles", "/informer/bilan/", "ien"),
    ("rapport annuel", "/informer/rapport/", "ien"),
]
