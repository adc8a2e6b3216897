"""The PDF service against SECURITY.md D: user text must not make a PDF read files or call servers.

Each of the 16 payloads goes (1) through ``render_pdf`` as autoescaped user text, in a test template
and in every free-text field of the referral sheet, and (2) as raw HTML straight to WeasyPrint with
``StaticOnlyFetcher``, to prove the fetcher alone stops it. A canary file and a loopback listener
show any read or fetch; a control test shows the same harness catches WeasyPrint's default fetcher.
"""

import base64
import copy
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pypdf
import pytest
import weasyprint
from django.conf import settings as django_settings
from pypdf.generic import IndirectObject, StreamObject

from directory import pdf
from directory.models import District, School, User

TEST_TEMPLATE = "pdf/test_user_text.html"
TEST_TEMPLATE_SOURCE = (
    '{% extends "pdf/base.html" %}'
    "{% block running_title %}Document d'essai{% endblock %}"
    "{% block content %}<h1>Note</h1><p>{{ note }}</p>{% endblock %}"
)

# SECURITY.md D, in its order: (id, raw HTML, the URL the fetcher must refuse).
PAYLOADS = [
    ("img-file", '<img src="{file}/secret.svg">', "{file}/secret.svg"),
    ("link-attachment", '<link rel="attachment" href="{file}/secret.txt">', "{file}/secret.txt"),
    ("link-stylesheet", '<link rel="stylesheet" href="{file}/secret.css">', "{file}/secret.css"),
    ("css-import", '<style>@import url("{file}/secret.css");</style>', "{file}/secret.css"),
    (
        "css-url",
        "<div style=\"height: 2cm; background: url('{file}/secret.svg')\">x</div>",
        "{file}/secret.svg",
    ),
    (
        "object",
        '<object data="{file}/secret.svg" type="image/svg+xml"></object>',
        "{file}/secret.svg",
    ),
    ("embed", '<embed src="{file}/secret.svg" type="image/svg+xml">', "{file}/secret.svg"),
    ("iframe", '<iframe src="{file}/secret.html"></iframe>', None),  # WeasyPrint 70 never loads it
    (
        "svg-image",
        '<svg width="200" height="50">'
        '<image href="{file}/secret.svg" width="200" height="50"/></svg>',
        "{file}/secret.svg",
    ),
    (
        "svg-use",
        '<svg width="200" height="50"><use href="{file}/secret.svg#canary"/></svg>',
        None,  # WeasyPrint 70 resolves <use> inside the document only
    ),
    ("loopback-img", '<img src="{http}/canary.svg">', "{http}/canary.svg"),
    ("loopback-css", '<link rel="stylesheet" href="{http}/canary.css">', "{http}/canary.css"),
    ("redirect", '<img src="{http}/redirect">', "{http}/redirect"),
    ("base-href", '<base href="{file}/"><img src="secret.svg">', "{file}/secret.svg"),
    (
        "font-face",
        "<style>@font-face {{ font-family: Leak; src: url('{http}/font.woff'); }}"
        "p {{ font-family: Leak; }}</style><p>texte</p>",
        "{http}/font.woff",
    ),
    (
        "a-attachment",
        '<a rel="attachment" href="{http}/canary.txt">pièce jointe</a>',
        "{http}/canary.txt",
    ),
]
PAYLOAD_IDS = [payload[0] for payload in PAYLOADS]


class Listener:
    """A loopback HTTP server that serves the canary and counts every request it receives."""

    def __init__(self, canary: str):
        self.hits: list[str] = []
        bodies = {
            "/canary.css": ("text/css", f'body::after {{ content: "{canary}"; }}'),
            "/canary.svg": ("image/svg+xml", svg_with(canary)),
            "/canary.txt": ("text/plain", canary),
            "/font.woff": ("font/woff", canary),
        }
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                listener.hits.append(self.path)
                if self.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", "/canary.svg")
                    self.end_headers()
                    return
                content_type, body = bodies.get(self.path, ("text/plain", canary))
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def svg_with(text: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        f'<text id="canary" x="0" y="30" font-size="20">{text}</text></svg>'
    )


@pytest.fixture
def user_text_template(settings):
    """Adds the test template (in memory) in front of the project's templates."""
    engine = copy.deepcopy(django_settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", {TEST_TEMPLATE: TEST_TEMPLATE_SOURCE}),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [engine]
    return TEST_TEMPLATE


def fill(template: str, secret_dir, listener) -> str:
    return template.format(file=secret_dir.as_uri(), http=listener.url)


def raw_document(body: str) -> str:
    head = '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head>'
    return f"{head}<body>{body}</body></html>"


def leaks(content: bytes, canary: str) -> list[str]:
    """Where the canary shows in a PDF: its text, any decompressed stream, its embedded files."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    found = []
    if any(canary in (page.extract_text() or "") for page in reader.pages):
        found.append("text")
    if any(canary.encode() in data for data in streams(reader)):
        found.append("stream")
    found += [f"attachment {name}" for name in reader.attachments]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                found.append(f"annotation attachment {annotation['/FS'].get_object().get('/F')}")
    return found


def streams(reader: pypdf.PdfReader):
    """Every stream of the file, decompressed: attachments, images, fonts, page contents."""
    numbers = [(num, gen) for gen, objs in reader.xref.items() for num in objs]
    numbers += [(num, 0) for num in reader.xref_objStm]
    for num, gen in numbers:
        obj = reader.get_object(IndirectObject(num, gen, reader))
        if isinstance(obj, StreamObject):
            yield obj.get_data()


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_harness_catches_the_default_fetcher(secret_dir, listener, canary):
    """Control: without our fetcher, the same payloads read the file and call the listener."""
    chosen = {name: html for name, html, _ in PAYLOADS}
    body = fill(
        chosen["img-file"] + chosen["loopback-css"] + chosen["a-attachment"], secret_dir, listener
    )

    content = weasyprint.HTML(string=raw_document(body), base_url=secret_dir.as_uri()).write_pdf()

    found = leaks(content, canary)
    assert "text" in found
    assert "stream" in found
    assert "annotation attachment canary.txt" in found
    assert sorted(listener.hits) == ["/canary.css", "/canary.txt"]


@pytest.mark.parametrize(("name", "html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_as_user_text_is_printed_not_fetched(
    name, html, refused, user_text_template, secret_dir, listener, canary
):
    payload = fill(html, secret_dir, listener)
    fetcher = pdf.StaticOnlyFetcher()

    content = pdf.render_pdf(user_text_template, {"note": payload}, fetcher=fetcher)

    assert content.startswith(b"%PDF")
    assert listener.hits == []
    assert leaks(content, canary) == []
    assert fetcher.refused == []
    assert payload.split(" ", 1)[0] in pdf_text(content).replace("\n", "")


@pytest.mark.parametrize(("name", "html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_in_every_field_of_the_referral_sheet_is_inert(
    name, html, refused, secret_dir, listener, canary
):
    payload = fill(html, secret_dir, listener)
    person = User(username="x", first_name=payload, last_name="Nom")
    district = District(name=payload, code="X", departement_code="092")
    school = School(
        uai="0921234A",
        name=payload,
        kind="primaire",
        district=district,
        commune=payload,
        address=payload,
        postal_code="92000",
        phone=payload[:30],
        email="ecole@exemple.test",
        referent=person,
    )
    channels = [{"label": payload, "number": "3018", "url": "", "description": payload}]
    fetcher = pdf.StaticOnlyFetcher()

    content = pdf.render_pdf(
        "pdf/referral_sheet.html",
        {"school": school, "district": district, "director": person, "channels": channels},
        fetcher=fetcher,
    )

    assert listener.hits == []
    assert leaks(content, canary) == []
    assert fetcher.refused == []


@pytest.mark.parametrize(("name", "html", "refused"), PAYLOADS, ids=PAYLOAD_IDS)
def test_fetcher_alone_refuses_payload_as_raw_html(
    name, html, refused, secret_dir, listener, canary
):
    fetcher = pdf.StaticOnlyFetcher()

    content = weasyprint.HTML(
        string=raw_document(fill(html, secret_dir, listener)),
        url_fetcher=fetcher,
        base_url=django_settings.HZ_PDF_BASE_URL,
    ).write_pdf()

    assert listener.hits == []
    assert leaks(content, canary) == []
    assert fetcher.served == []
    if refused is not None:
        assert fill(refused, secret_dir, listener) in fetcher.refused
    assert all("portail.invalid" not in url for url in fetcher.refused)


@pytest.mark.parametrize(
    "path",
    [
        "static/../../etc/passwd",
        "static/%2e%2e/%2e%2e/etc/passwd",
        "static/%2E%2E/%2E%2E/etc/fonts/fonts.css",
        "static/..%2f..%2fetc%2fpasswd",
        "static/pdf/../../../etc/ssl/certs/ca.css",
        "static/%2fetc%2fpasswd.css",
        "static//etc/passwd.css",
        "static/pdf/print.css%00.png",
        "static/pdf/print.css?v=1",
        "static/pdf/print.py",
        "static/pdf/missing.css",
        "media/uploads/photo.png",
        "etc/passwd",
    ],
)
def test_fetcher_refuses_paths_outside_static_files(path):
    fetcher = pdf.StaticOnlyFetcher()
    url = django_settings.HZ_PDF_BASE_URL + path

    with pytest.raises(ValueError, match="Ressource refusée"):
        fetcher.fetch(url)

    assert fetcher.refused == [url]
    assert fetcher.served == []


@pytest.mark.parametrize(
    "url",
    [
        "http://portail.invalid/static/pdf/print.css",
        "https://autre.invalid/static/pdf/print.css",
        "https://portail.invalid.evil.test/static/pdf/print.css",
        "file:///etc/passwd",
        "ftp://127.0.0.1/pdf/print.css",
        "http://127.0.0.1:1/static/pdf/print.css",
    ],
)
def test_fetcher_refuses_other_origins(url):
    fetcher = pdf.StaticOnlyFetcher()

    with pytest.raises(ValueError):
        fetcher.fetch(url)

    assert fetcher.refused == [url]


def test_fetcher_serves_the_print_css_and_the_marianne_font():
    fetcher = pdf.StaticOnlyFetcher()
    base = django_settings.HZ_PDF_BASE_URL + "static/"

    css = fetcher.fetch(base + "pdf/print.css")
    font = fetcher.fetch(base + "dsfr/dist/fonts/Marianne-Regular.woff")

    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    assert font.read().startswith(b"wOFF")
    assert fetcher.refused == []
    assert len(fetcher.served) == 2


def test_data_image_is_allowed(listener, canary):
    svg = svg_with("IMAGE-DATA-OK").encode()
    data_url = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    fetcher = pdf.StaticOnlyFetcher()

    content = weasyprint.HTML(
        string=raw_document(f'<img src="{data_url}">'),
        url_fetcher=fetcher,
        base_url=django_settings.HZ_PDF_BASE_URL,
    ).write_pdf()

    assert "IMAGE-DATA-OK" in pdf_text(content)
    assert fetcher.refused == []


def test_data_svg_cannot_smuggle_a_file_read(secret_dir, listener, canary):
    inner = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40">'
        f'<image href="{secret_dir.as_uri()}/secret.svg" width="300" height="40"/>'
        f'<image href="{listener.url}/canary.svg" width="300" height="40"/></svg>'
    )
    data_url = "data:image/svg+xml;base64," + base64.b64encode(inner.encode()).decode()
    fetcher = pdf.StaticOnlyFetcher()

    content = weasyprint.HTML(
        string=raw_document(f'<img src="{data_url}">'),
        url_fetcher=fetcher,
        base_url=django_settings.HZ_PDF_BASE_URL,
    ).write_pdf()

    assert listener.hits == []
    assert leaks(content, canary) == []


def test_huge_free_text_is_capped(user_text_template):
    note = "mot " * 50_000
    started = time.perf_counter()

    content = pdf.render_pdf(user_text_template, {"note": note})

    elapsed = time.perf_counter() - started
    text = pdf_text(content)
    assert text.count("mot") <= django_settings.HZ_PDF_MAX_TEXT // 4
    assert "[…]" in text
    assert elapsed < 3


def test_cap_text_keeps_short_text_and_cuts_long_text(settings):
    settings.HZ_PDF_MAX_TEXT = 20

    assert pdf.cap_text("court") == "court"
    capped = pdf.cap_text("x" * 50)
    assert len(capped) == 20
    assert capped.endswith("[…]")
