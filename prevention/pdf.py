"""The PDFs of « Prévenir »: code slips (with QR codes), school and district survey results.

No free text ever goes into a PDF, and every figure respects the minimum group size.
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse

from directory.pdf import render_pdf
from prevention.selectors import surveys as sel


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def slips_pdf(campaign) -> bytes:
    base = settings.HZ_PUBLIC_URL.rstrip("/")
    start = base + reverse("prevention:survey-start")
    slips = [
        {
            "code": code.code,
            "classroom": code.classroom.name if code.classroom else "",
            "qr": qr_data_uri(base + reverse("prevention:survey-answer", args=[code.code])),
        }
        for code in campaign.codes.filter(used=False).select_related("classroom")
    ]
    return render_pdf(
        "pdf/prevention_slips.html",
        {
            "campaign": campaign,
            "district": campaign.school.district,
            "slips": slips,
            "start_url": start,
        },
    )


def campaign_results_pdf(campaign) -> bytes:
    results = sel.campaign_results(campaign, with_text=False)
    return render_pdf("pdf/prevention_survey_results.html", {"campaign": campaign, **results})


def district_results_pdf(district, year, rows) -> bytes:
    return render_pdf(
        "pdf/prevention_survey_district.html",
        {"district": district, "year": year, "rows": rows, "min_group": sel.min_group()},
    )
