"""Two app servers, one PostgreSQL: what one writes, the other reads (sessions and data).

``.venv/bin/python bench/two_app_servers.py [--db URL]`` starts two gunicorn processes (ports
8107 and 8109, DEBUG=false, each with its own local-memory cache, as two machines would have),
signs in as the demo director through the first, opens a case through the first, then, with the
same session cookie, reads the home page and the new case through the second. It prints what it
saw and exits non-zero if anything failed. The database needs the demo (``seed_demo``).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.bench_pages import ENV_COMMON, SECRET, request  # noqa: E402

PORTS = (8107, 8109)
CASE_FORM = "/prendre-en-charge/situations/nouvelle/"


def start(port: int, db_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **ENV_COMMON,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(BASE_DIR / "var" / "bench-static"),
    }
    env.pop("REDIS_URL", None)  # the point: nothing shared but PostgreSQL
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "config.wsgi", "--workers=1", f"--bind=127.0.0.1:{port}", "--log-level=warning"],
        env=env,
        cwd=BASE_DIR,
    )
    for _ in range(100):
        try:
            if request(port, "GET", "/healthz", {})[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"le serveur du port {port} ne répond pas")


def hidden_fields(port: int, path: str, cookies: dict) -> dict:
    """The hidden inputs of the form at ``path`` (CSRF token, idempotency key)."""
    status, body, more = request(port, "GET", path, cookies)
    cookies.update(more)
    fields = dict(re.findall(rb'type="hidden" name="([^"]+)" value="([^"]*)"', body))
    if status != 200 or b"csrfmiddlewaretoken" not in fields:
        raise SystemExit(f"{path} sur {port} : HTTP {status}")
    return {k.decode(): v.decode() for k, v in fields.items()}


def post(port: int, path: str, cookies: dict, data: dict) -> tuple[int, bytes, dict]:
    data = {**hidden_fields(port, path, cookies), **data}
    status, body, more = request(port, "POST", path, cookies, body=urlencode(data))
    cookies.update(more)
    return status, body, more


def run(db_url: str) -> list[str]:
    first, second = PORTS
    cookies: dict = {}
    status, _, _ = post(
        first, "/connexion/", cookies, {"username": "directeur", "password": "demo"}
    )
    seen = [f"connexion par le serveur {first} : HTTP {status}"]
    status, body, _ = request(second, "GET", "/accueil/ecole/", cookies)
    seen.append(f"accueil de l'école lu par le serveur {second} avec la même session : {status}")
    if status != 200:
        raise SystemExit("\n".join([*seen, "ÉCHEC : la session n'est pas vue par le second"]))
    title = f"Essai deux serveurs {int(time.time())}"
    data = {
        "title": title,
        "category": "verbal",
        "severity": "medium",
        "reported_on": time.strftime("%Y-%m-%d"),
        "summary": "Situation créée par le premier serveur pour l'essai.",
    }
    status, _, _ = post(first, CASE_FORM, cookies, data)
    seen.append(f"situation créée par le serveur {first} : HTTP {status}")
    status, body, _ = request(second, "GET", "/prendre-en-charge/situations/", cookies)
    found = title.encode() in body
    seen.append(f"liste des situations lue par le serveur {second} : {status}, trouvée : {found}")
    if status != 200 or not found:
        raise SystemExit("\n".join([*seen, "ÉCHEC : la situation n'est pas vue par le second"]))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5433/hz_scale_demo")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": args.db, "DEBUG": "false", "SECRET_KEY": SECRET}
    env.update(ALLOWED_HOSTS="127.0.0.1", STATIC_ROOT=str(BASE_DIR / "var" / "bench-static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        env=env,
        cwd=BASE_DIR,
        check=True,
    )
    servers = [start(port, args.db) for port in PORTS]
    try:
        for line in run(args.db):
            print(line)
        print("Les deux serveurs partagent sessions et données par PostgreSQL seul.")
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
