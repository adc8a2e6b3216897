"""Each role's home page, and which one a user lands on after signing in."""

from django.urls import reverse

from directory.models import Role
from directory.permissions import roles_of

# In order of precedence: a user with several roles lands on the first one they hold.
HOMES = [
    (Role.INSPECTOR, "directory:home-district", "Tableau de bord de la circonscription"),
    (Role.DISTRICT_TEAM, "directory:home-district", "Tableau de bord de la circonscription"),
    (Role.POLE_MEMBER, "directory:home-pole", "Pôle ressources"),
    (Role.DIRECTOR, "directory:home-director", "Mon école"),
    (Role.TEACHER, "directory:home-teacher", "Ma classe"),
    (Role.PARENT, "directory:home-parent", "Espace parents"),
    # A seat on a pôle (a director, a collège's CPE…): the pôle home, after their main role's.
    (Role.POLE_SEAT, "directory:home-pole", "Pôle ressources"),
    (Role.ADMIN, "directory:home-admin", "Administration"),
]


# role → (feminine, masculine): a person's own title, when their profile says which to use
TITLES = {
    Role.INSPECTOR: ("Inspectrice de l'Éducation nationale", "Inspecteur de l'Éducation nationale"),
    Role.DISTRICT_TEAM: ("Équipe de circonscription", "Équipe de circonscription"),
    Role.POLE_MEMBER: ("Membre du pôle ressources", "Membre du pôle ressources"),
    Role.DIRECTOR: ("Directrice d'école", "Directeur d'école"),
    Role.TEACHER: ("Enseignante", "Enseignant"),
    Role.PARENT: ("Parent", "Parent"),
    Role.ADMIN: ("Administratrice du portail", "Administrateur du portail"),
}


def role_title(role: str, civility: str = "") -> str:
    """« Directrice d'école » or « Directeur d'école »; the neutral label when unknown."""
    if civility in ("f", "m") and role in TITLES:
        return TITLES[role][0 if civility == "f" else 1]
    return Role(role).label if role in Role.values else role


def civility_of(assignments) -> str:
    """From the assignments loaded once per request (their user's profile comes with them)."""
    for assignment in assignments:
        profile = getattr(assignment.user, "staff_profile", None)
        return getattr(profile, "civility", "") or ""
    return ""


def home_links(user) -> list[tuple[str, str]]:
    held = roles_of(user)
    links: list[tuple[str, str]] = []
    for role, url_name, label in HOMES:
        url = reverse(url_name)
        if role in held and all(url != existing for existing, _ in links):
            links.append((url, label))
    return links


def home_url(user) -> str | None:
    links = home_links(user)
    return links[0][0] if links else None
