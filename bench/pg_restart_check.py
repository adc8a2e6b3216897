"""PostgreSQL restarts under a real server with persistent connections: no request may fail.

Usage (CI runs it after the suite): DATABASE_URL=... HZ_PG_RESTART_CMD="pg_ctl ... restart"
.venv/bin/python bench/pg_restart_check.py
Starts gunicorn (2 workers, CONN_MAX_AGE=60) on 127.0.0.1, warms its connections, restarts the
database with HZ_PG_RESTART_CMD, then sends requests that touch the database and counts failures.
Exits 1 when any request failed. Traffic stays on the loopback address and is bounded.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS_AFTER_RESTART = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def main() -> int:
    restart = os.environ.get("HZ_PG_RESTART_CMD")
    if not os.environ.get("DATABASE_URL") or not restart:
        print("DATABASE_URL et HZ_PG_RESTART_CMD sont nécessaires ; vérification ignorée.")
        return 0
    env = {**os.environ, "DEBUG": "true", "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING"}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(50):
            if get(f"{base}/healthz") == 200:
                break
            time.sleep(0.2)
        warm = [get(f"{base}/connexion/") for _ in range(10)]
        subprocess.run(restart, shell=True, check=True)
        after = [get(f"{base}/connexion/") for _ in range(REQUESTS_AFTER_RESTART // 2)]
        after += [get(f"{base}/healthz") for _ in range(REQUESTS_AFTER_RESTART // 2)]
    finally:
        server.terminate()
        server.wait(timeout=10)
    failed = sum(1 for status in after if status != 200)
    print(f"avant redémarrage : {warm.count(200)}/{len(warm)} réponses 200")
    print(f"après redémarrage de PostgreSQL : {failed}/{len(after)} requêtes en échec")
    return 1 if failed or warm.count(200) != len(warm) else 0


if __name__ == "__main__":
    sys.exit(main())
