"""20 concurrent writers on the demo's SQLite settings: how many writes fail "database is locked"?

Run by hand: .venv/bin/python bench/bench_sqlite_writers.py
Each writer thread appends audit rows (a hash-chained insert inside a transaction: the hardest
write we have) on a throwaway SQLite file, with the project's OPTIONS (WAL, IMMEDIATE, timeout),
then with Django's defaults, and prints the failure ratio of each.
"""

import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
WRITERS, WRITES_EACH = 20, 25


def run(options: dict) -> tuple[int, int, float]:
    from django.db import OperationalError, connections

    from directory import audit

    failures = 0
    lock = threading.Lock()

    def writer() -> None:
        nonlocal failures
        for _ in range(WRITES_EACH):
            try:
                audit.record("view", detail="bench")
            except OperationalError:
                with lock:
                    failures += 1
        connections.close_all()

    connections["default"].settings_dict["OPTIONS"] = options
    connections.close_all()
    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return failures, WRITERS * WRITES_EACH, time.perf_counter() - start


def main() -> None:
    folder = tempfile.mkdtemp()
    os.environ["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    ours = dict(settings.DATABASES["default"]["OPTIONS"])
    for label, options in [("Django defaults", {}), ("project settings", ours)]:
        failed, total, seconds = run(options)
        print(
            f"{label:17} {failed:4}/{total} writes failed ({failed / total:.1%}) in {seconds:.1f} s"
        )
    from directory.audit import verify_chain

    print(f"audit chain after both runs: {len(verify_chain())} broken link(s)")


if __name__ == "__main__":
    main()
