"""The action types of the district's plan (« Prévenir »), seeded into each district's catalogue."""

from prevention.models.actions import Pillar

# (name, pillar, counts as prevention lessons, suggested cycles, description)
PLAN_TYPES = [
    (
        "Mallette de prévention",
        Pillar.PREVENT,
        True,
        "cycle 3",
        "Séances menées en classe avec la mallette de prévention du harcèlement.",
    ),
    (
        "Projet langues avec les parents",
        Pillar.PARENTS,
        True,
        "cycles 1 à 3",
        "Éducation à l'altérité : des parents présentent leur langue d'origine à la classe.",
    ),
    (
        "Journée inter-degrés : productions plastiques et exposition",
        Pillar.PREVENT,
        False,
        "cycles 2 et 3",
        "Dress code commun, concours de productions plastiques, exposition à l'école ou avec "
        "les collégiens au collège de secteur.",
    ),
    (
        "Journée inter-degrés : visite des CM2 au collège",
        Pillar.PREVENT,
        False,
        "cycle 3",
        "Visite des classes élémentaires au collège de secteur pendant la journée inter-degrés.",
    ),
    (
        "Journée inter-degrés : débats",
        Pillar.PREVENT,
        True,
        "cycles 2 et 3",
        "Débats entre élèves pendant la journée du harcèlement.",
    ),
    (
        "Chanson des lycéens",
        Pillar.PREVENT,
        False,
        "cycles 2 et 3",
        "Apprentissage et diffusion de la chanson écrite par les lycéens.",
    ),
    (
        "Jeux coopératifs et collectifs en maternelle",
        Pillar.PREVENT,
        True,
        "cycle 1",
        "Jeux coopératifs en classe, jeux collectifs en récréation, réalisations plastiques "
        "collectives.",
    ),
    (
        "Intervention des ambassadeurs lycéens",
        Pillar.COMMUNITY,
        True,
        "cycles 2 et 3",
        "Des lycéens ambassadeurs interviennent dans les classes élémentaires.",
    ),
    (
        "Débats argumentés école–collège",
        Pillar.PREVENT,
        True,
        "cycle 3",
        "Débats argumentés entre élèves d'élémentaire et de collège.",
    ),
    (
        "Kin-ball",
        Pillar.PREVENT,
        False,
        "cycles 2 et 3",
        "Sport coopératif pour apprendre à jouer ensemble.",
    ),
    (
        "Intervention de l'officier de prévention (cyber-violence)",
        Pillar.PARENTS,
        True,
        "cycle 3",
        "Intervention du policier ou gendarme chargé de prévention sur la cyber-violence.",
    ),
]
