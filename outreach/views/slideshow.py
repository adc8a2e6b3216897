"""The slideshow of the year's initiatives for the directors' meeting: the published posts of
the district and its yearly figures, one slide each, in the browser and as a PDF."""

import base64

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from directory import ratelimit
from directory.converters import parse_id
from directory.dashboard import yearly_figures
from directory.models import SchoolYear
from directory.pdf import pdf_response, render_pdf
from directory.permissions import districts_of, permission_required
from outreach.figures import bar_chart, grouped
from outreach.models import Post, PostKind, PostStatus
from outreach.sanitise import markdown_to_html

PERM = "slideshow.view"


def _data_uri(post) -> str:
    """The checked image inlined (the PDF fetcher reads no media file, only ``data:``)."""
    if not post.image_name:
        return ""
    try:
        with post.image.open("rb") as handle:
            data = handle.read()
    except (FileNotFoundError, ValueError, OSError):
        return ""
    kind = "png" if post.image_name.endswith(".png") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def _context(request, *, for_pdf: bool = False) -> dict:
    wanted = parse_id(request.GET.get("annee"))
    year = (
        get_object_or_404(SchoolYear, start_year=wanted)
        if wanted is not None
        else SchoolYear.current()
    )
    district = districts_of(request.user)[0]
    posts = list(
        Post.objects.filter(
            district=district,
            status=PostStatus.PUBLISHED,
            kind=PostKind.INITIATIVE,
            published_at__date__gte=year.starts_on,
            published_at__date__lte=year.ends_on,
        )
        .select_related("school")
        .order_by("published_at")[:60]
    )
    figures = [
        {"axis": f.axis, "key": f.key, "label": f.label, "value": f.value, "section": f.section}
        for f in yearly_figures(year=year, district=district)
        if isinstance(f.value, int)
    ]
    groups = [g for g in grouped(figures) if g["sections"]]
    for group in groups:
        rows = [row for section in group["sections"] for row in section["rows"]][:8]
        group["chart"] = bar_chart(rows, width=620)
    return {
        "year": year,
        "district": district,
        "slides": [
            {
                "post": post,
                "body": markdown_to_html(post.body),
                "image": _data_uri(post) if for_pdf else "",
            }
            for post in posts
        ],
        "groups": groups,
    }


@permission_required(PERM)
def slideshow(request) -> HttpResponse:
    return render(request, "outreach/slideshow/show.html", _context(request))


@permission_required(PERM)
def slideshow_pdf(request) -> HttpResponse:
    if not ratelimit.allow_pdf(request.user):
        return render(request, "errors/429.html", status=429)
    context = _context(request, for_pdf=True)
    content = render_pdf("pdf/outreach_slideshow.html", context)
    return pdf_response(content, f"diaporama-initiatives-{context['year'].start_year}.pdf")


urlpatterns = [
    path("diaporama/", slideshow, name="slideshow"),
    path("diaporama/pdf/", slideshow_pdf, name="slideshow-pdf"),
]
