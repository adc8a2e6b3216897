"""Helpers for contest tests: an edition of D1, a poster entry from school A."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from prevention.services import contest as services


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def make_edition(world, **extra):
    data = {
        "title": "Concours Non au harcèlement 2026",
        "local_date": datetime.date.today(),
        "entry_deadline": datetime.date.today(),
        "national_deadline": None,
        **extra,
    }
    return services.edition_create(district=world.d1, data=data, user=None)


def make_entry(world, edition, classroom=None, title="Tous unis", gallery=True):
    classroom = classroom or world.class_a
    return services.entry_submit(
        edition=edition,
        category=edition.categories.get(kind="poster"),
        classroom=classroom,
        data={
            "title": title,
            "pitch": "Notre projet.",
            "consents_recorded": True,
            "show_in_gallery": gallery,
        },
        upload=SimpleUploadedFile("affiche.png", png(), content_type="image/png"),
        user=None,
    )
