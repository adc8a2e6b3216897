"""An académie-sized dataset on top of the demo, for the bench (``bench/bench_pages.py``).

At ``--factor 1`` (the default): 40 districts (the demo one included), 1,600 schools with five
classes, a director, a teacher and a parent each, a district team per district, then each axis's
volume through ``<app>/scale.py`` (20,000 cases and reports here; the other axes add theirs), and
500,000 audit rows chained like real ones. A quarter of the schools, cases and reports lie in the
demo IEN's district so the demo accounts see académie-sized lists. Deterministic for a ``--seed``;
bulk inserts (PostgreSQL ``COPY`` for the audit log): a few minutes on a laptop.
"""

import random
import time
from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from directory import audit
from directory import demo as directory_demo
from directory.models import (
    AuditEvent,
    Classroom,
    District,
    ParentProfile,
    Role,
    RoleAssignment,
    School,
    SchoolKind,
    SchoolYear,
    StaffProfile,
    User,
)
from directory.uai import uai_check_letter

DISTRICTS = 40
SCHOOLS = 1_600
AUDIT_ROWS = 500_000
SCALE_CODE_PREFIX = "ESSAI-"
BATCH = 5_000
KINDS = [SchoolKind.MATERNELLE, SchoolKind.ELEMENTAIRE, SchoolKind.PRIMAIRE]
CLASSES = {
    SchoolKind.MATERNELLE: [("PS", ["PS"]), ("MS", ["MS"]), ("GS", ["GS"])],
    SchoolKind.ELEMENTAIRE: [("CP", ["CP"]), ("CE1", ["CE1"]), ("CE2", ["CE2"]), ("CM1", ["CM1"])],
    SchoolKind.PRIMAIRE: [("PS-MS", ["PS", "MS"]), ("CP", ["CP"]), ("CM1-CM2", ["CM1", "CM2"])],
}
CYCLES = {"PS": 1, "MS": 1, "GS": 1, "CP": 2, "CE1": 2, "CE2": 2, "CM1": 3, "CM2": 3}
APPS = ["resources_hub", "prevention", "training", "outreach"]
AUDIT_TYPES = ["resources_hub.case", "resources_hub.report", "resources_hub.fichebilan"]


class Command(BaseCommand):
    help = "Ajoute à la démo un jeu de données de la taille d'une académie (pour le banc d'essai)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="1 = une académie.")
        parser.add_argument("--seed", type=int, default=12, help="Graine du tirage (12).")
        parser.add_argument("--districts", type=int, help=f"Circonscriptions ({DISTRICTS}).")
        parser.add_argument("--schools", type=int, help=f"Écoles ({SCHOOLS}).")
        parser.add_argument("--audit-rows", type=int, help=f"Lignes d'audit ({AUDIT_ROWS}).")
        parser.add_argument(
            "--demo-share",
            type=float,
            default=0.25,
            help="Part des écoles, situations et signalements dans la circonscription de démo.",
        )
        parser.add_argument("--force", action="store_true", help="Autorisé quand DEBUG=false.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("Refusé : DEBUG est désactivé (utilisez --force sur un banc).")
        if District.objects.filter(code__startswith=SCALE_CODE_PREFIX).exists():
            raise CommandError(
                "Les données d'essai sont déjà là : repartez d'une base vide "
                "(migrate puis seed_scale)."
            )
        call_command("seed_demo", force=True, stdout=self.stdout)
        started = time.monotonic()
        stats = seed_scale(
            factor=options["factor"],
            seed=options["seed"],
            districts=options["districts"],
            schools=options["schools"],
            audit_rows=options["audit_rows"],
            share=options["demo_share"],
            stdout=self.stdout,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Jeu d'essai prêt en {time.monotonic() - started:.0f} s : "
                + ", ".join(f"{v} {k}" for k, v in stats.items())
            )
        )


def seed_scale(
    *,
    factor: float = 1.0,
    seed: int = 12,
    districts: int | None = None,
    schools: int | None = None,
    audit_rows: int | None = None,
    share: float = 0.25,
    stdout,
) -> dict:
    """Seed on top of the demo district (which must exist). Returns counts of what was added."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible dataset, not a secret
    n_districts = districts or max(int(DISTRICTS * factor), 2)
    n_schools = schools or max(int(SCHOOLS * factor), 4)
    n_audit = AUDIT_ROWS * factor if audit_rows is None else audit_rows
    demo_district = District.objects.get(code=directory_demo.DISTRICT["code"])
    with transaction.atomic():
        all_districts = [demo_district, *_districts(n_districts - 1)]
        school_list = _schools(all_districts, n_schools, share, rng)
        n_classes = _classes(school_list)
        n_people = _people(all_districts, school_list)
    stdout.write(f"  annuaire : {len(all_districts)} circonscriptions, {len(school_list)} écoles.")
    for app in APPS:
        seeder = _app_scale(app)
        if seeder is None:
            continue
        kwargs = {"schools": school_list, "rng": rng, "factor": factor, "stdout": stdout}
        if app == "resources_hub":
            kwargs.update(share_district_id=demo_district.pk, share=share)
        seeder(**kwargs)
    n_audit = _audit(int(n_audit), all_districts, rng)
    stdout.write(f"  audit : {n_audit} lignes chaînées.")
    return {
        "circonscriptions": len(all_districts),
        "écoles": len(school_list),
        "classes": n_classes,
        "comptes": n_people,
        "lignes d'audit": n_audit,
    }


def _app_scale(app: str):
    """``<app>/scale.py`` with ``seed(*, schools, rng, factor, stdout)``, if the app ships one."""
    if app not in settings.INSTALLED_APPS or find_spec(f"{app}.scale") is None:
        return None
    return getattr(import_module(f"{app}.scale"), "seed", None)


def _districts(count: int) -> list[District]:
    return District.objects.bulk_create(
        [
            District(
                name=f"Essai {n:02d}",
                code=f"{SCALE_CODE_PREFIX}{n:03d}",
                departement_code=f"{91 + n % 5:03d}",
                departement_name="Département d'essai",
                academie="Versailles",
            )
            for n in range(1, count + 1)
        ]
    )


def _uai(n: int) -> str:
    digits = f"{9_900_000 + n:07d}"
    return digits + uai_check_letter(digits)


def _schools(districts, count, share, rng) -> list[School]:
    """``share`` of the schools in the demo district (the first), the rest spread evenly."""
    in_demo = round(count * share) if len(districts) > 1 else count
    others = districts[1:] or districts
    rows = []
    for n in range(count):
        district = districts[0] if n < in_demo else others[n % len(others)]
        kind = KINDS[n % len(KINDS)]
        rows.append(
            School(
                uai=_uai(n),
                name=f"{SchoolKind(kind).label} d'essai n° {n + 1}",
                kind=kind,
                commune=f"Commune {n % 97 + 1}",
                postal_code=f"{92000 + n % 900:05d}",
                district=district,
                is_open=rng.random() > 0.01,
            )
        )
    return School.objects.bulk_create(rows, batch_size=BATCH)


def _classes(schools) -> int:
    year = SchoolYear.current()
    rows = [
        Classroom(
            school=school,
            year=year,
            name=name,
            levels=levels,
            cycles=sorted({CYCLES[level] for level in levels}),
        )
        for school in schools
        for name, levels in CLASSES[school.kind]
    ]
    Classroom.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _people(districts, schools) -> int:
    """A district team per new district; a director, a teacher and a parent per school."""
    password = make_password("demo")
    users, roles = [], []
    for district in districts[1:]:
        for key, role, function in (
            ("ien", Role.INSPECTOR, "ien"),
            ("cpc", Role.DISTRICT_TEAM, "cpc"),
            ("pole", Role.POLE_MEMBER, "psychologue"),
        ):
            users.append(_user(f"essai.{key}.{district.code.lower()}", password))
            roles.append((role, function, district, None))
    for school in schools:
        for key, role, function in (
            ("dir", Role.DIRECTOR, "directeur"),
            ("ens", Role.TEACHER, "professeur"),
            ("parent", Role.PARENT, None),
        ):
            users.append(_user(f"essai.{key}.{school.uai.lower()}", password))
            roles.append((role, function, None, school))
    User.objects.bulk_create(users, batch_size=BATCH)
    today = timezone.localdate()
    assignments = [
        RoleAssignment(
            user=u, role=r, district=d, school=s, valid_from=today.replace(month=1, day=1)
        )
        for u, (r, _f, d, s) in zip(users, roles, strict=True)
    ]
    RoleAssignment.objects.bulk_create(assignments, batch_size=BATCH)
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=u, function=f)
            for u, (_r, f, _d, _s) in zip(users, roles, strict=True)
            if f
        ],
        batch_size=BATCH,
    )
    ParentProfile.objects.bulk_create(
        [
            ParentProfile(user=u)
            for u, (r, *_rest) in zip(users, roles, strict=True)
            if r == Role.PARENT
        ],
        batch_size=BATCH,
    )
    _class_links(assignments)
    for district, user in zip(districts[1:], users[::3], strict=False):
        district.inspector = user
    District.objects.bulk_update(districts[1:], ["inspector"], batch_size=BATCH)
    return len(users)


def _user(username: str, password: str) -> User:
    return User(
        username=username,
        password=password,
        first_name="Compte",
        last_name=username.split(".", 2)[-1].upper(),
        email=f"{username}@essai.example",
    )


def _class_links(assignments) -> None:
    """Teachers teach their school's first class; parents have a child in it."""
    first_class = dict(
        Classroom.objects.filter(school__in=[a.school for a in assignments if a.school])
        .order_by("-pk")
        .values_list("school_id", "pk")
    )
    through = RoleAssignment.classrooms.through
    links = [
        through(roleassignment_id=a.pk, classroom_id=first_class[a.school_id])
        for a in assignments
        if a.role in (Role.TEACHER, Role.PARENT) and a.school_id in first_class
    ]
    through.objects.bulk_create(links, batch_size=BATCH)


# --- Audit log --------------------------------------------------------------------------------


AUDIT_COLUMNS = [
    "at",
    "user_id",
    "actor",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "district_id",
    "ip",
    "detail",
    "chain",
    "prev_hash",
    "hash",
]


def _audit(count: int, districts, rng) -> int:
    """``count`` rows over the past year, chained after the last existing row with the same
    digest as ``audit.record`` (``verify_chain`` stays empty), all in chain 0 of the interleaved
    chains. Rows are in date order."""
    if count <= 0:
        return 0
    district_ids = [d.pk for d in districts]
    actors = list(
        User.objects.filter(username__startswith="essai.").values_list("pk", "username")[:2000]
    )
    actors = actors or list(User.objects.values_list("pk", "username")[:10])
    now = timezone.now()
    step = 365 * 86400 / count
    start = now - timezone.timedelta(days=365)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [audit._CHAIN_LOCK_CLASS, 0])
        previous = (
            AuditEvent.objects.filter(chain=0)
            .order_by("-pk")
            .values_list("hash", flat=True)
            .first()
            or audit.GENESIS
        )
        for offset in range(0, count, BATCH * 4):
            rows = []
            for n in range(offset, min(offset + BATCH * 4, count)):
                user_id, username = actors[n % len(actors)]
                event = AuditEvent(
                    at=start + timezone.timedelta(seconds=n * step),
                    user_id=user_id,
                    actor=username,
                    action="view" if n % 5 else "update",
                    object_type=AUDIT_TYPES[n % 3],
                    object_id=str(rng.randrange(1, 20_000)),
                    object_repr=f"E-{rng.randrange(1, 20_000):06d}",
                    district_id=district_ids[n % len(district_ids)],
                    ip=f"10.0.{n % 250}.{n % 200 + 1}",
                    detail="",
                    chain=0,
                    prev_hash=previous,
                )
                event.hash = audit._digest(event)
                previous = event.hash
                rows.append(event)
            _insert_audit(rows)
    return count


def _insert_audit(rows: list[AuditEvent]) -> None:
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(rows, batch_size=BATCH)
        return
    table = AuditEvent._meta.db_table
    sql = f"COPY {table} ({', '.join(AUDIT_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for e in rows:
            copy.write_row([getattr(e, column) for column in AUDIT_COLUMNS])
