"""The page bench: every listed page against a bare base-template page, on PostgreSQL behind
gunicorn, in one run. One command: ``.venv/bin/python bench/bench_pages.py`` (or
``make bench-pages``).

1. Counts SQL queries per page in-process (Django test client) on the demo database and on the
   académie database (``seed_scale``), and renders each PDF with WeasyPrint alone on the same HTML.
2. Starts gunicorn (``--workers``, DEBUG=false, ``HZ_BENCH=true`` for the baseline page) on the
   académie database, signs in as each page's account, and sends ``--requests`` requests per page
   from ``--concurrency`` clients (a bounded local load); median and 95th percentile in ms and as
   a ratio to the baseline's median measured in the same run.
3. Reads the workers' resident memory after the load, then prints one table.

Databases: ``--db`` (académie, default ``hz_scale_bench``) and ``--demo-db`` (``hz_scale_demo``);
both are prepared by ``--prepare`` (migrate + ``seed_demo``; + ``seed_scale`` for the académie).
Pages: ``bench/pages.py`` plus each app's ``<app>/bench.py`` ``PAGES``.
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent
PY = sys.executable
PG = "postgres://postgres@127.0.0.1:5433/"
APPS = ["directory", "resources_hub", "prevention", "training", "outreach"]
BASELINE = ("référence (gabarit de base)", "/_banc/reference/", "ien")
SECRET = "bench-only-" + "x" * 60
ENV_COMMON = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "TWO_FACTOR_REQUIRED": "false",
    "PDF_PER_MINUTE": "1000000",
    "UNUSUAL_ACCESS_COUNT": "1000000",
    "LOG_LEVEL": "WARNING",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
}


def collect_pages() -> tuple[list, list]:
    """``bench/pages.py`` and every installed app's ``<app>/bench.py`` (PAGES, PDF_PAGES)."""
    sys.path.insert(0, str(BASE_DIR))
    from bench import pages

    rows, pdfs = list(pages.PAGES), list(pages.PDF_PAGES)
    for app in APPS:
        if find_spec(f"{app}.bench") is not None:
            module = import_module(f"{app}.bench")
            rows += list(getattr(module, "PAGES", []))
            pdfs += list(getattr(module, "PDF_PAGES", []))
    return rows, pdfs


def resolve(url: str) -> str:
    """Fill ``{name}`` placeholders from ``bench/pages.py`` and the apps' ``PLACEHOLDERS``."""
    from bench import pages

    table = dict(pages.PLACEHOLDERS)
    for app in APPS:
        if find_spec(f"{app}.bench") is not None:
            table.update(getattr(import_module(f"{app}.bench"), "PLACEHOLDERS", {}))
    return re.sub(r"\{(\w+)\}", lambda m: str(table[m.group(1)]()), url)


# --- In-process part: query counts and WeasyPrint alone ------------------------------------------


def count_queries(pdf_too: bool) -> dict:
    """Run inside a Django process on one database: queries (and status) per page, and for each
    PDF the time of WeasyPrint alone on the HTML the view rendered."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from directory.models import User

    rows, pdfs = collect_pages()
    out = {"pages": {}, "pdf": {}, "urls": {}}
    clients: dict[str, Client] = {}
    for label, url, username in rows + (pdfs if pdf_too else []):
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        try:
            path = resolve(url)
        except Exception as exc:
            out["pages"][label] = {"queries": None, "status": f"absent ({exc.__class__.__name__})"}
            continue
        out["urls"][label] = path
        clients[username].get(path)  # warm caches the way a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = clients[username].get(path)
        out["pages"][label] = {"queries": len(captured), "status": response.status_code}
    if pdf_too:
        out["pdf"] = weasyprint_alone(pdfs, clients)
    return out


def weasyprint_alone(pdfs, clients) -> dict:
    """Median seconds of ``HTML(...).write_pdf()`` on each PDF view's own HTML (3 runs)."""
    from django.conf import settings
    from weasyprint import HTML

    from directory import pdf as pdf_module

    captured: list[str] = []
    original = pdf_module.render_to_string

    def capture(*args, **kwargs):
        html = original(*args, **kwargs)
        captured.append(html)
        return html

    pdf_module.render_to_string = capture
    timings = {}
    try:
        for label, url, username in pdfs:
            captured.clear()
            try:
                clients[username].get(resolve(url))
            except Exception:
                continue
            if not captured:
                continue
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                HTML(
                    string=captured[-1],
                    base_url=settings.HZ_PDF_BASE_URL,
                    url_fetcher=pdf_module.StaticOnlyFetcher(),
                ).write_pdf()
                runs.append(time.perf_counter() - start)
            timings[label] = statistics.median(runs)
    finally:
        pdf_module.render_to_string = original
    return timings


def run_counter(db_url: str, pdf_too: bool) -> dict:
    env = {
        **os.environ,
        **ENV_COMMON,
        "DATABASE_URL": db_url,
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver,127.0.0.1",
    }
    args = [PY, __file__, "--count-queries"] + (["--pdf"] if pdf_too else [])
    result = subprocess.run(
        args, env=env, cwd=BASE_DIR, capture_output=True, text=True, check=False
    )
    if result.returncode:
        sys.stderr.write(result.stderr[-4000:])
        raise SystemExit(f"Comptage des requêtes impossible sur {db_url}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Over HTTP: gunicorn under a bounded load ---------------------------------------------------


def start_gunicorn(db_url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        **ENV_COMMON,
        "DATABASE_URL": db_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "HZ_BENCH": "true",
        "CONN_MAX_AGE": "60",
        "STATIC_ROOT": str(BASE_DIR / "var" / "bench-static"),
    }
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=BASE_DIR, check=True
    )
    gunicorn = str(Path(PY).with_name("gunicorn"))
    args = [gunicorn, "config.wsgi", f"--workers={workers}", f"--bind=127.0.0.1:{port}"]
    process = subprocess.Popen([*args, "--log-level=warning"], env=env, cwd=BASE_DIR)
    for _ in range(100):
        try:
            if request(port, "GET", "/healthz", {})[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn ne répond pas sur /healthz")


def request(port, method, path, cookies, body=None, conn=None):
    """One request; returns (status, body, set-cookies). Cookies are sent whatever their Secure
    flag: the bench speaks plain HTTP to a DEBUG=false server."""
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/connexion/"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    set_cookies = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            set_cookies[key] = rest.split(";", 1)[0]
    if own:
        conn.close()
    return response.status, data, set_cookies


def login(port: int, username: str) -> dict:
    status, body, cookies = request(port, "GET", "/connexion/", {})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": "demo"})
    status, _, more = request(port, "POST", "/connexion/", cookies, body=form)
    cookies.update(more)
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"Connexion impossible pour {username} (HTTP {status})")
    return cookies


def load(port, path, cookies, total, concurrency) -> tuple[list[float], set[int]]:
    """``total`` requests from ``concurrency`` keep-alive clients; seconds per request."""
    timings: list[float] = []
    statuses: set[int] = set()
    lock = threading.Lock()

    def client(n):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for _ in range(n):
            start = time.perf_counter()
            status, _, _ = request(port, "GET", path, cookies, conn=conn)
            elapsed = time.perf_counter() - start
            with lock:
                timings.append(elapsed)
                statuses.add(status)
        conn.close()

    shares = [
        total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)
    ]
    threads = [threading.Thread(target=client, args=(n,)) for n in shares if n]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, statuses


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def worker_rss_mb(master_pid: int) -> list[float]:
    out = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(master_pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(v) / 1024 for v in out.split()]


def measure_http(args, rows, pdfs, urls) -> tuple[dict, list[float]]:
    """Each page right after a short run of the baseline page: the ratio compares the page with
    the baseline measured under the same background load (other processes on the machine)."""
    server = start_gunicorn(args.db, args.port, args.workers)
    results = {}
    try:
        sessions = {username: None for _label, _url, username in [BASELINE, *rows, *pdfs]}
        for username in sessions:
            sessions[username] = login(args.port, username)
        base_cookies = sessions[BASELINE[2]]
        load(args.port, BASELINE[1], base_cookies, 4, 1)  # warm-up
        all_base: list[float] = []
        for row in [*rows, *pdfs]:
            label, _url, username = row
            if label not in urls:
                continue
            is_pdf = row in pdfs
            total = max(args.requests // 4, 3) if is_pdf else args.requests
            near, _ = load(
                args.port, BASELINE[1], base_cookies, args.requests // 2, args.concurrency
            )
            all_base += near
            load(args.port, urls[label], sessions[username], 2, 1)  # warm-up
            timings, statuses = load(
                args.port, urls[label], sessions[username], total, args.concurrency
            )
            results[label] = {
                "median": statistics.median(timings),
                "p95": p95(timings),
                "status": ",".join(str(s) for s in sorted(statuses)),
                "base": statistics.median(near),
                "base_p95": p95(near),
            }
        results[BASELINE[0]] = {
            "median": statistics.median(all_base),
            "p95": p95(all_base),
            "status": "200",
            "base": statistics.median(all_base),
            "base_p95": p95(all_base),
        }
        rss = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results, rss


# --- The table ---------------------------------------------------------------------------------


def print_table(args, rows, pdfs, http_results, demo, academie, rss) -> str:
    base = http_results[BASELINE[0]]["median"]
    lines = [
        f"Banc des pages — {time.strftime('%Y-%m-%d %H:%M')} — gunicorn {args.workers} workers, "
        f"{args.requests} requêtes par page, {args.concurrency} clients simultanés",
        f"référence : {base * 1000:.1f} ms (médiane de toutes ses séries), base : "
        f"{args.db.rsplit('/', 1)[-1]} ; chaque page est rapportée à la série de la référence "
        "mesurée juste avant elle (p95 à p95)",
        "",
        "| page | compte | HTTP | médiane ms | p95 ms | × réf. (médiane) | × réf. (p95) "
        "| requêtes démo | requêtes académie |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, _url, username in [BASELINE, *rows]:
        r = http_results.get(label)
        qd = demo["pages"].get(label, {}).get("queries", "—")
        qa = academie["pages"].get(label, {}).get("queries", "—")
        if r is None:
            lines.append(f"| {label} | {username} | absente | | | | | {qd} | {qa} |")
            continue
        lines.append(
            f"| {label} | {username} | {r['status']} | {r['median'] * 1000:.1f} | "
            f"{r['p95'] * 1000:.1f} | {r['median'] / r['base']:.1f} | "
            f"{r['p95'] / r['base_p95']:.1f} | {qd} | {qa} |"
        )
    lines += ["", "| PDF | HTTP médiane ms | WeasyPrint seul ms | surcoût |", "|---|---|---|---|"]
    for label, _url, _username in pdfs:
        r, alone = http_results.get(label), academie["pdf"].get(label)
        if r is None or alone is None:
            lines.append(f"| {label} | absente | | |")
            continue
        lines.append(
            f"| {label} | {r['median'] * 1000:.0f} | {alone * 1000:.0f} | "
            f"{(r['median'] / alone - 1) * 100:+.0f} % |"
        )
    lines += ["", "Mémoire des workers après la charge : " + ", ".join(f"{m:.0f} Mo" for m in rss)]
    table = "\n".join(lines)
    print(table)
    return table


def prepare(args) -> None:
    for url, scale in ((args.demo_db, False), (args.db, True)):
        name = url.rsplit("/", 1)[-1]
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-p", "5433", "-U", "postgres", "--if-exists", name],
            check=True,
        )
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", "5433", "-U", "postgres", name], check=True
        )
        env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "LOG_LEVEL": "WARNING"}
        manage = [PY, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=BASE_DIR, check=True)
        command = "seed_scale" if scale else "seed_demo"
        subprocess.run([*manage, command], env=env, cwd=BASE_DIR, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=PG + "hz_scale_bench", help="base académie (seed_scale)")
    parser.add_argument("--demo-db", default=PG + "hz_scale_demo", help="base démo (seed_demo)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8107)))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=20, help="requêtes par page")
    parser.add_argument("--concurrency", type=int, default=2, help="clients simultanés")
    parser.add_argument("--prepare", action="store_true", help="recrée et remplit les deux bases")
    parser.add_argument("--out", help="écrit aussi le tableau dans ce fichier")
    parser.add_argument("--count-queries", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count_queries:
        sys.path.insert(0, str(BASE_DIR))
        print(json.dumps(count_queries(args.pdf)))
        return
    if args.prepare:
        prepare(args)
    rows, pdfs = collect_pages()
    demo = run_counter(args.demo_db, pdf_too=False)
    academie = run_counter(args.db, pdf_too=True)
    http_results, rss = measure_http(args, rows, pdfs, academie["urls"])
    table = print_table(args, rows, pdfs, http_results, demo, academie, rss)
    if args.out:
        Path(args.out).write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
