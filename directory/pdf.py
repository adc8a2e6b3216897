"""The PDF service: a Django template rendered by WeasyPrint, in memory, with a locked fetcher.

WeasyPrint's default fetcher reads local files and calls any server. Ours serves the project's own
static files and ``data:`` images only; every other URL (``file:``, ``http(s):`` elsewhere,
loopback, ``ftp:`` …) is refused before any I/O, so user text cannot make a PDF read or fetch.
"""

import mimetypes
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_SUFFIXES = {".css", ".woff", ".woff2", ".ttf", ".otf", ".png", ".jpg", ".jpeg", ".svg"}
TRUNCATION_MARK = " […]"


class StaticOnlyFetcher(URLFetcher):
    """Fetch ``<base>/static/…`` from the project's static files and ``data:`` URIs only.

    Every other URL raises (WeasyPrint then skips the resource) and is listed in ``refused``.
    """

    def __init__(self, base_url: str | None = None):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)
        base_url = base_url or settings.HZ_PDF_BASE_URL
        self.static_prefix = base_url.rstrip("/") + settings.STATIC_URL
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            response = DataHandler().data_open(Request(url))  # noqa: S310 (data: only, no I/O)
            return URLFetcherResponse(url, body=response.read(), headers=dict(response.headers))
        path = self._static_path(url)
        if path is None:
            self.refused.append(url)
            raise ValueError(f"Ressource refusée dans un PDF : {url[:200]}")
        self.served.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _static_path(self, url: str) -> Path | None:
        url = url.split("#", 1)[0]
        if not url.startswith(self.static_prefix) or urlsplit(url).query:
            return None
        relative = posixpath.normpath(unquote(url[len(self.static_prefix) :]))
        if (
            relative.startswith(("..", "/"))
            or "\\" in relative
            or "\x00" in relative
            or Path(relative).suffix.lower() not in STATIC_SUFFIXES
        ):
            return None
        try:
            found = finders.find(relative)
        except (SuspiciousFileOperation, ValueError, OSError):
            return None
        if not found:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        return Path(found) if found else None


def cap_text(value: str, limit: int | None = None) -> str:
    """Free text cut to ``HZ_PDF_MAX_TEXT`` characters: a huge note must not stall the renderer."""
    limit = limit or settings.HZ_PDF_MAX_TEXT
    if len(value) <= limit:
        return value
    return value[: limit - len(TRUNCATION_MARK)] + TRUNCATION_MARK


def render_pdf(
    template_name: str, context: dict, *, fetcher: StaticOnlyFetcher | None = None
) -> bytes:
    """Render ``template_name`` (autoescaped like any page) to PDF bytes, in French.

    Top-level string values of ``context`` are capped (``cap_text``); context builders cap the
    free text they pass inside objects themselves.
    """
    capped = {k: cap_text(v) if isinstance(v, str) else v for k, v in context.items()}
    with translation.override("fr"):
        html = render_to_string(
            template_name,
            {"generated_at": timezone.localtime(), "site_name": settings.HZ_SITE_NAME, **capped},
        )
    document = HTML(
        string=html,
        base_url=settings.HZ_PDF_BASE_URL,
        url_fetcher=fetcher or StaticOnlyFetcher(),
    )
    return document.write_pdf()


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """An HTTP response carrying a PDF, never cached, with a plain ASCII file name."""
    safe_name = _UNSAFE_FILENAME.sub("-", filename).strip("-") or "document.pdf"
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["Cache-Control"] = "no-store, private"
    return response


def referral_sheet_context(school) -> dict:
    """What the referral sheet shows: the school, its director, the help numbers (3018 first)."""
    from directory.context_processors import referral_channels

    director = (
        school.assignments.active()
        .filter(role="director")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    channels = sorted(referral_channels(), key=lambda c: c["number"] != "3018")
    return {
        "school": school,
        "district": school.district,
        "director": director.user if director else None,
        "channels": channels,
    }


def referral_sheet_pdf(school) -> bytes:
    """The sheet of referral channels for one school: who to call, how the school handles it."""
    return render_pdf("pdf/referral_sheet.html", referral_sheet_context(school))
