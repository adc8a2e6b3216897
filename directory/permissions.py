"""Who may do what, where: the one place the portal decides access.

``PERMISSIONS`` maps each permission to the roles that hold it and the *scope* they hold it in:

- ``ALL``: the whole deployment (the admin role);
- ``DISTRICT``: the district of the role assignment;
- ``SCHOOL``: the school of the role assignment;
- ``ASSIGNED``: only objects the user is assigned to (a pôle member's cases);
- ``OWN``: only objects the user created (a teacher's or parent's own reports).

A seat on a pôle ressources acts as a role whatever the person's main role: ``POLE_SEAT``
assignments are kept in step with the active pôle memberships by resources_hub (one per district
the pôle covers), so they cost no query beyond the assignments already loaded.

A view asks ``has_perm`` first (no role holds it: 403), then looks its object up in
``Model.objects.visible_to(user, perm)`` (outside the scope: 404, so existence is not confirmed).
Apps add their permissions with ``register``, from their ``AppConfig.ready``.
"""

from collections.abc import Iterable, Mapping
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse

from directory.models import DISTRICT_ROLES, RoleAssignment
from directory.models import Role as R

ALL = "all"
DISTRICT = "district"
SCHOOL = "school"
ASSIGNED = "assigned"
OWN = "own"

# A seat on a pôle ressources (resources_hub.PoleMember), mirrored as a RoleAssignment.
POLE_SEAT = "pole_seat"

_STAFF_DISTRICT = {R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT}

PERMISSIONS: dict[str, dict[str, str]] = {
    "district.view": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "school.view": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "school.referral_sheet": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
        R.PARENT: SCHOOL,
    },
    "audit.view": {R.INSPECTOR: DISTRICT},
    "home.district": dict(_STAFF_DISTRICT),
    "home.pole": {R.POLE_MEMBER: DISTRICT, POLE_SEAT: ASSIGNED},
    "home.director": {R.DIRECTOR: SCHOOL},
    "home.teacher": {R.TEACHER: SCHOOL},
    "home.parent": {R.PARENT: SCHOOL},
    "home.admin": {R.ADMIN: ALL},
    # The shared partner directory (directory/partners.py): académie-wide partners (no district)
    # are visible to every district.
    "partner.view": {
        R.ADMIN: ALL,
        R.INSPECTOR: DISTRICT,
        R.DISTRICT_TEAM: DISTRICT,
        R.POLE_MEMBER: DISTRICT,
        R.DIRECTOR: SCHOOL,
        R.TEACHER: SCHOOL,
    },
    "partner.manage": {R.ADMIN: ALL, R.INSPECTOR: DISTRICT, R.DISTRICT_TEAM: DISTRICT},
}


def register(perms: Mapping[str, Mapping[str, str]]) -> None:
    """Add an app's permissions; a name may be declared once only."""
    for name, roles in perms.items():
        if name in PERMISSIONS:
            raise ValueError(f"Permission déjà déclarée : {name}")
        PERMISSIONS[name] = dict(roles)


def active_assignments(user) -> list[RoleAssignment]:
    """The user's current role assignments, loaded once per request and cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_hz_assignments", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("district", "school", "school__district", "user__staff_profile")
            .order_by("pk")
        )
        user._hz_assignments = cached
    return cached


def forget_assignments(user) -> None:
    if hasattr(user, "_hz_assignments"):
        del user._hz_assignments


def roles_of(user) -> set[str]:
    return {a.role for a in active_assignments(user)}


def grants(user, perm: str) -> list[tuple[RoleAssignment, str]]:
    """The user's assignments that hold ``perm``, each with the scope it holds it in."""
    if perm not in PERMISSIONS:
        raise KeyError(f"Permission inconnue : {perm}")
    table = PERMISSIONS[perm]
    return [(a, table[a.role]) for a in active_assignments(user) if a.role in table]


def has_perm(user, perm: str) -> bool:
    return bool(grants(user, perm))


def _crosses_many(model, path: str) -> bool:
    """Whether any step of ``path`` follows a to-many relation (e.g. ``pole__districts``)."""
    for name in path.split("__"):
        if name == "pk" or model is None:
            return False
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        model = field.related_model
    return False


def _match(model, path: str, value) -> Q:
    """``path == value``; through a subquery when the path crosses a to-many relation, so that
    OR-ing scopes never duplicates rows."""
    if model is not None and _crosses_many(model, path):
        return Q(pk__in=model._base_manager.filter(**{path: value}).values("pk"))
    return Q(**{path: value})


def _q_for(assignment: RoleAssignment, scope: str, paths: Mapping[str, str], user, model):
    if scope == ALL:
        return Q()
    if scope in (ASSIGNED, OWN):
        return _match(model, paths[scope], user) if scope in paths else None
    if scope == DISTRICT:
        district_id = assignment.district_id
        return _match(model, paths["district"], district_id) if "district" in paths else None
    # SCHOOL scope: the school itself, or, for district-level objects, the school's district.
    if "school" in paths:
        return _match(model, paths["school"], assignment.school_id)
    if "district" in paths and assignment.school_id:
        return _match(model, paths["district"], assignment.school.district_id)
    return None


def scope_q(user, perm: str, paths: Mapping[str, str], model=None) -> Q:
    """A filter selecting the objects ``user`` may reach through ``perm``; nothing if none."""
    clauses = [_q_for(a, scope, paths, user, model) for a, scope in grants(user, perm)]
    clauses = [c for c in clauses if c is not None]
    if not clauses:
        return Q(pk__in=[])
    if any(not clause for clause in clauses):  # Q() is the whole deployment
        return Q()
    combined = clauses[0]
    for clause in clauses[1:]:
        combined |= clause
    return combined


def can(user, perm: str, obj=None) -> bool:
    """Whether ``user`` holds ``perm``, on ``obj`` when one is given (one query)."""
    if not has_perm(user, perm):
        return False
    if obj is None:
        return True
    return type(obj).objects.visible_to(user, perm).filter(pk=obj.pk).exists()


def districts_of(user) -> list:
    """The districts the user works in (a district role's, or the district of a school role)."""
    seen: dict[int, object] = {}
    for a in active_assignments(user):
        district = a.district if a.role in DISTRICT_ROLES else (a.school and a.school.district)
        if district is not None:
            seen.setdefault(district.pk, district)
    return list(seen.values())


def schools_of(user, roles: Iterable[str]) -> list:
    wanted = set(roles)
    seen: dict[int, object] = {}
    for a in active_assignments(user):
        if a.role in wanted and a.school_id:
            seen.setdefault(a.school_id, a.school)
    return list(seen.values())


# --- Views: every view goes through one of these -------------------------------------------------


def _first_district_id(user) -> int | None:
    districts = districts_of(user)
    return districts[0].pk if districts else None


def refuse(request, perm: str, detail: str = "") -> None:
    """Write the "refused" audit row for a request that is about to get a 403 or a 404."""
    from directory import audit

    audit.record(
        "refused",
        request=request,
        detail=f"{perm} {request.method} {request.path} {detail}".strip(),
        district_id=_first_district_id(request.user),
    )


def check_access(request, perm: str) -> HttpResponse | None:
    """None when the request may go on; a login redirect for anonymous users; 403 otherwise."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not has_perm(request.user, perm):
        refuse(request, perm)
        raise PermissionDenied
    return None


def get_scoped_or_404(request, queryset, perm: str, **lookup):
    """The object if it is within the user's scope for ``perm``, else 404 (and a refused row)."""
    scoped = queryset.visible_to(request.user, perm)
    try:
        return scoped.get(**lookup)
    except scoped.model.DoesNotExist:
        refuse(request, perm, detail=" ".join(f"{k}={v}" for k, v in lookup.items()))
        raise Http404 from None


def permission_required(perm: str):
    """Decorator for function views: login redirect, 403 without the right."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = check_access(request, perm)
            return response or view(request, *args, **kwargs)

        wrapper.permission = perm
        return wrapper

    return decorator


class PermissionRequiredMixin:
    """For class-based views: ``permission`` names the right the view needs."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        response = check_access(request, self.permission)
        return response or super().dispatch(request, *args, **kwargs)


class ScopedObjectMixin(PermissionRequiredMixin):
    """Detail/update views: the object is looked up inside the user's scope only (else 404)."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.permission)

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            refuse(self.request, self.permission, detail=str(self.kwargs))
            raise


class ScopedListMixin(PermissionRequiredMixin):
    """List views: the queryset is the user's scope for ``permission``."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user, self.permission)
