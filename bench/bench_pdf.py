"""Does the locked fetcher cost anything? Times the referral sheet through ``render_pdf`` and bare.

Run by hand: ``.venv/bin/python bench/bench_pdf.py [N]``. No database: the school, district and
people are unsaved instances, the help numbers come from the seeding migration. The bare run uses
WeasyPrint's default fetcher on the same HTML, its stylesheet pointed at a local copy of the same
static tree, so both load the same CSS and Marianne fonts. Target: ours adds less than 10 %.
"""

import importlib
import io
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

import pypdf  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from weasyprint import HTML  # noqa: E402

from directory.models import District, School, User  # noqa: E402
from directory.pdf import StaticOnlyFetcher, render_pdf  # noqa: E402

TEMPLATE = "pdf/referral_sheet.html"
CSS_HREF = 'href="/static/pdf/print.css"'


def sheet_context() -> dict:
    district = District(name="Nanterre 1", code="NAN1", departement_code="092")
    school = School(
        uai="0921234A",
        name="École primaire Simone Veil",
        kind="primaire",
        district=district,
        address="12 rue des Écoles",
        postal_code="92000",
        commune="Nanterre",
        phone="01 47 00 00 00",
        referent=User(username="referent", first_name="Karim", last_name="Benali"),
    )
    seeding = importlib.import_module("directory.migrations.0002_audit_append_only_and_helplines")
    channels = [
        {"label": label, "number": number, "url": url, "description": description}
        for label, number, url, description, _ in seeding.CHANNELS
    ]
    director = User(username="directrice", first_name="Claire", last_name="Dubois")
    return {"school": school, "district": district, "director": director, "channels": channels}


def local_static_tree(folder: Path) -> Path:
    """``<folder>/static`` holding the print CSS and the DSFR fonts, as ``collectstatic`` would."""
    static = folder / "static"
    (static / "dsfr" / "dist").mkdir(parents=True)
    (static / "pdf").symlink_to(Path(finders.find("pdf/print.css")).parent)
    (static / "dsfr" / "dist" / "fonts").symlink_to(
        Path(finders.find("dsfr/dist/fonts/Marianne-Regular.woff")).parent
    )
    return static


def timed(runs: dict, n: int) -> dict:
    """Median seconds and last PDF of each run; runs interleaved so machine load hits all alike."""
    last = {name: run() for name, run in runs.items()}  # warm-up: font caches, Pango
    times: dict = {name: [] for name in runs}
    for _ in range(n):
        for name, run in runs.items():
            started = time.perf_counter()
            last[name] = run()
            times[name].append(time.perf_counter() - started)
    return {name: (statistics.median(times[name]), last[name]) for name in runs}


def describe(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = sorted(
        {
            str(font.get_object()["/BaseFont"]).split("+")[-1]
            for page in reader.pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        }
    )
    return f"{len(reader.pages)} page(s), {len(content) // 1024} Kio, fonts {', '.join(fonts)}"


def main(n: int = 10) -> None:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    context = sheet_context()
    with translation.override("fr"):
        html = render_to_string(
            TEMPLATE,
            {"generated_at": timezone.localtime(), "site_name": settings.HZ_SITE_NAME, **context},
        )
    assert CSS_HREF in html, "the sheet no longer links /static/pdf/print.css"

    with tempfile.TemporaryDirectory() as folder:
        static = local_static_tree(Path(folder))
        bare_html = html.replace(CSS_HREF, f'href="{(static / "pdf" / "print.css").as_uri()}"')

        def ours_full():
            return render_pdf(TEMPLATE, context)

        def ours_fetcher_only():
            return HTML(
                string=html, base_url=settings.HZ_PDF_BASE_URL, url_fetcher=StaticOnlyFetcher()
            ).write_pdf()

        def bare():
            return HTML(string=bare_html, base_url=settings.HZ_PDF_BASE_URL).write_pdf()

        results = timed({"a": ours_full, "a'": ours_fetcher_only, "b": bare}, n)

    labels = {
        "a": "(a)  render_pdf (template + StaticOnlyFetcher)",
        "a'": "(a') same HTML, StaticOnlyFetcher only",
        "b": "(b)  bare WeasyPrint, default fetcher",
    }
    print(f"Referral sheet, N={n} interleaved, medians:")
    for name, label in labels.items():
        median, content = results[name]
        print(f"  {label:48} {median * 1000:7.1f} ms  {describe(content)}")
    bare_median = results["b"][0]
    print(
        f"  ratio (a)/(b) = {results['a'][0] / bare_median:.3f}   "
        f"ratio (a')/(b) = {results["a'"][0] / bare_median:.3f}   (target < 1.10)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
