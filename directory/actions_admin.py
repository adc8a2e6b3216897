"""The administrator's next actions: the directory's loose ends, never case content.

Accounts that hold no role (they see nothing but « aucun rôle »), open schools with no director in
the portal (nobody receives their reports), and an audit chain whose daily anchor is overdue.
Each links to an admin list filtered on exactly what it counts; three queries in all.
"""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from directory.dashboard import Action, agree
from directory.models import PARTNER_KINDS, AuditAnchor, Role, RoleAssignment, School, User
from directory.permissions import has_perm

AXIS = "administration"
ANCHOR_LATE_AFTER = datetime.timedelta(hours=26)  # a daily anchor, with two hours of slack


def accounts_without_role():
    """Active accounts with no role valid today (not the superusers who run the site)."""
    held = RoleAssignment.objects.active().filter(user=OuterRef("pk"))
    return User.objects.filter(is_active=True, is_superuser=False).exclude(Exists(held))


def schools_without_director():
    """Open écoles (not collèges or lycées) with no director's role valid today."""
    held = RoleAssignment.objects.active().filter(school=OuterRef("pk"), role=Role.DIRECTOR)
    return School.objects.filter(is_open=True).exclude(kind__in=PARTNER_KINDS).exclude(Exists(held))


def admin_actions(user) -> list[Action]:
    if not has_perm(user, "home.admin"):
        return []
    actions = []
    accounts = accounts_without_role().count()
    if accounts:
        actions.append(
            Action(
                AXIS,
                agree(("compte sans rôle à compléter", "comptes sans rôle à compléter"), accounts),
                reverse("admin:directory_user_changelist") + "?role_actif=aucun",
                count=accounts,
                priority=30,
            )
        )
    schools = schools_without_director().count()
    if schools:
        actions.append(
            Action(
                AXIS,
                agree(
                    (
                        "école ouverte sans directeur·rice dans le portail",
                        "écoles ouvertes sans directeur·rice dans le portail",
                    ),
                    schools,
                ),
                reverse("admin:directory_school_changelist") + "?direction=aucune",
                count=schools,
                priority=35,
            )
        )
    last = AuditAnchor.objects.order_by("-at").values_list("at", flat=True).first()
    if last is None or timezone.now() - last > ANCHOR_LATE_AFTER:
        actions.append(
            Action(
                AXIS,
                "Ancre quotidienne du journal d'audit en retard : vérifiez la tâche "
                "planifiée « audit_anchor »",
                reverse("admin:directory_auditanchor_changelist"),
                priority=10,
            )
        )
    return actions
