"""Audit appends under concurrency on PostgreSQL: one chain (the old global lock) against several.

Each writer records sensitive reads inside a transaction that also does some other work (a
request's other queries), as views do.
Run: DATABASE_URL=postgres://… python bench/bench_audit_append.py
"""

import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from directory import audit  # noqa: E402

WRITERS, APPENDS, WORK_SECONDS = 8, 25, 0.005


def run(chains: int) -> float:
    audit.CHAINS = chains
    errors: list[Exception] = []

    def writer() -> None:
        try:
            for _ in range(APPENDS):
                with transaction.atomic():
                    audit.record("view", detail="bench", object_type="resources_hub.case")
                    time.sleep(WORK_SECONDS)  # the rest of the request's transaction
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    if errors:
        raise errors[0]
    return elapsed


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL seulement (DATABASE_URL).")
    total = WRITERS * APPENDS
    for chains in (1, audit.CHAINS):
        elapsed = run(chains)
        print(
            f"{chains} chaîne(s) : {total} ajouts par {WRITERS} écrivains en {elapsed:.2f} s "
            f"({total / elapsed:.0f}/s)"
        )
    audit.CHAINS = 8
    print(f"chaînes vérifiées : {len(audit.verify_chain())} rupture(s)")


if __name__ == "__main__":
    main()
