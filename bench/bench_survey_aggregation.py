"""Survey aggregation in the database, timed next to a plain COUNT(*) of the same table.

Run by hand against PostgreSQL:
``DATABASE_URL=postgres://postgres@127.0.0.1:5433/hz_prevention .venv/bin/python
bench/bench_survey_aggregation.py [N]``. It migrates nothing: run ``manage.py migrate`` first.
It adds a bench district (20 schools) and 200,000 answer rows once (kept for later runs), then
times, N times each (median): a bare ``SELECT COUNT(*)`` over the answers, the per-question
distribution over every answer (what a results page groups), and the district's per-school
indexes (three grouped queries, the minimum group size applied).
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from directory.models import District, School, SchoolKind, SchoolYear  # noqa: E402
from directory.uai import uai_check_letter  # noqa: E402
from prevention.models import Answer  # noqa: E402
from prevention.scale import seed_answers  # noqa: E402
from prevention.selectors.surveys import district_results  # noqa: E402

TARGET = 200_000


def bench_district() -> tuple[District, list[School]]:
    district, _ = District.objects.get_or_create(
        code="BENCHSURV", defaults={"name": "Bench enquêtes", "departement_code": "092"}
    )
    schools = []
    for n in range(20):
        digits = f"{9290000 + n:07d}"
        school, _ = School.objects.get_or_create(
            uai=digits + uai_check_letter(digits),
            defaults={
                "name": f"École bench {n}",
                "kind": SchoolKind.ELEMENTAIRE,
                "district": district,
            },
        )
        schools.append(school)
    return district, schools


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main(runs: int) -> None:
    district, schools = bench_district()
    year = SchoolYear.current()
    missing = TARGET - Answer.objects.filter(response__campaign__school__district=district).count()
    if missing > 0:
        seed_answers(schools, random.Random(7), missing, year, sys.stdout)
        print()
    total = Answer.objects.count()
    school_qs = School.objects.filter(pk__in=[s.pk for s in schools]).order_by("name")

    def count_all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM prevention_answer")
            cursor.fetchone()

    def distribution():
        list(
            Answer.objects.exclude(value=None)
            .values("question_id", "value")
            .annotate(n=Count("pk"))
        )

    def indexes():
        district_results(school_qs, year)

    count_ms = timed(count_all, runs)
    dist_ms = timed(distribution, runs)
    index_ms = timed(indexes, runs)
    print(f"base : {connection.vendor}, {total} lignes dans prevention_answer, {runs} essais")
    print(f"COUNT(*) nu                          : {count_ms:8.1f} ms")
    print(f"répartition par question et valeur   : {dist_ms:8.1f} ms ({dist_ms / count_ms:.1f} ×)")
    print(
        f"indices par école (circonscription)  : {index_ms:8.1f} ms ({index_ms / count_ms:.1f} ×)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
