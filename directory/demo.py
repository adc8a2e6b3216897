"""The demo district: schools, classes and people for ``seed_demo`` (fictional, valid UAI codes)."""

from directory.models import Role, SchoolKind

DISTRICT = {
    "name": "Nanterre 1",
    "code": "0921234X",
    "departement_code": "092",
    "departement_name": "Hauts-de-Seine",
    "academie": "Versailles",
}

M, E, P, C = SchoolKind.MATERNELLE, SchoolKind.ELEMENTAIRE, SchoolKind.PRIMAIRE, SchoolKind.COLLEGE

# uai, name, kind, address, postal code, commune
SCHOOLS = [
    ("0921001N", "École maternelle Les Tilleuls", M, "12 rue des Tilleuls", "92000", "Nanterre"),
    ("0921002P", "École élémentaire Jules Ferry", E, "3 avenue Jules Ferry", "92000", "Nanterre"),
    ("0921003R", "École primaire Simone Veil", P, "45 boulevard de la Seine", "92000", "Nanterre"),
    (
        "0921004S",
        "École maternelle Le Petit Prince",
        M,
        "8 allée Saint-Exupéry",
        "92000",
        "Nanterre",
    ),
    ("0921005T", "École élémentaire Paul Langevin", E, "21 rue Paul Langevin", "92000", "Nanterre"),
    (
        "0921006U",
        "École élémentaire Les Peupliers",
        E,
        "2 place des Peupliers",
        "92700",
        "Colombes",
    ),
    ("0921007V", "École maternelle Arc-en-ciel", M, "17 rue de l'Arc-en-ciel", "92700", "Colombes"),
    ("0921008W", "École primaire Marie Curie", P, "60 rue Marie Curie", "92700", "Colombes"),
    ("0921009X", "École élémentaire Victor Hugo", E, "1 rue Victor Hugo", "92700", "Colombes"),
    (
        "0921010Y",
        "École maternelle Les Coquelicots",
        M,
        "9 chemin des Coquelicots",
        "92700",
        "Colombes",
    ),
    ("0921011Z", "École élémentaire Jean Moulin", E, "33 avenue Jean Moulin", "92700", "Colombes"),
    ("0921012A", "École primaire Louise Michel", P, "5 rue Louise Michel", "92700", "Colombes"),
    ("0921013B", "Collège Germaine Tillion", C, "40 rue de la République", "92000", "Nanterre"),
]
SECTOR_COLLEGE = "0921013B"

CLASSES_BY_KIND = {
    M: [("PS", ["PS"]), ("MS", ["MS"]), ("GS", ["GS"])],
    E: [
        ("CP", ["CP"]),
        ("CE1", ["CE1"]),
        ("CE2-CM1", ["CE2", "CM1"]),
        ("CM1", ["CM1"]),
        ("CM2", ["CM2"]),
    ],
    P: [
        ("PS-MS", ["PS", "MS"]),
        ("GS-CP", ["GS", "CP"]),
        ("CE1-CE2", ["CE1", "CE2"]),
        ("CM1 A", ["CM1"]),
        ("CM2 A", ["CM2"]),
    ],
}

# username, first name, last name, role, scope (UAI, or "district", or None), staff function
ACCOUNTS = [
    ("admin", "Alex", "Admin", Role.ADMIN, None, None),
    ("ien", "Hélène", "Roussel", Role.INSPECTOR, "district", "ien"),
    ("cpc", "Karim", "Benali", Role.DISTRICT_TEAM, "district", "cpc"),
    ("pole", "Sophie", "Lemaire", Role.POLE_MEMBER, "district", "psychologue"),
    ("directeur", "Nathalie", "Garnier", Role.DIRECTOR, "0921003R", "directeur"),
    ("directeur2", "Thomas", "Perrin", Role.DIRECTOR, "0921002P", "directeur"),
    ("enseignant", "Julie", "Moreau", Role.TEACHER, "0921003R", "professeur"),
    ("parent", "Samia", "Haddad", Role.PARENT, "0921003R", None),
]
# Other people who make the district look real (no published password needed, same "demo").
EXTRA_STAFF = [
    ("referente", "Claire", "Dubois", Role.DISTRICT_TEAM, "district", "referent"),
    ("infirmier", "Marc", "Fontaine", Role.POLE_MEMBER, "district", "infirmier"),
    ("rased", "Inès", "Caron", Role.POLE_MEMBER, "district", "rased"),
    ("dir.tilleuls", "Anne", "Lefèvre", Role.DIRECTOR, "0921001N", "directeur"),
    ("dir.langevin", "Paul", "Girard", Role.DIRECTOR, "0921005T", "directeur"),
    ("dir.curie", "Léa", "Bonnet", Role.DIRECTOR, "0921008W", "directeur"),
    ("ens.ferry", "Hugo", "Lambert", Role.TEACHER, "0921002P", "professeur"),
    ("ens.veil2", "Emma", "Rousseau", Role.TEACHER, "0921003R", "pes"),
]
TEACHER_CLASSES = {"enseignant": ["CM1 A"], "ens.veil2": ["CE1-CE2"], "ens.ferry": ["CM2"]}
PARENT_CLASS = {"parent": "CM1 A"}
