"""Attachments: the type is read from the content (not the name), the size capped, photos
re-encoded without their EXIF (GPS) data, and the stored name never derived from the user's."""

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image

ALLOWED = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
MAX_PIXELS = 40_000_000


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def clean_name(name: str) -> str:
    """The displayed name: the last path component, printable, at most 120 characters."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return (base.strip(" .") or "fichier")[:120]


def _strip_image(data: bytes, content_type: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("Cette image est trop grande.")
            image.load()
            clean = Image.new(image.mode, image.size)
            clean.paste(image)
            out = io.BytesIO()
            clean.save(out, format="PNG" if content_type == "image/png" else "JPEG", quality=90)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Cette image est trop grande.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("Cette image est illisible ou endommagée.") from exc
    return out.getvalue()


def prepare_upload(upload) -> tuple[ContentFile, dict]:
    """Validate an uploaded file; return the file to store and the Attachment fields."""
    if upload.size > settings.HZ_ATTACHMENT_MAX_BYTES:
        limit = settings.HZ_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"Le fichier dépasse la taille maximale de {limit} Mo.")
    data = upload.read(settings.HZ_ATTACHMENT_MAX_BYTES + 1)
    content_type = sniff(data[:16])
    if content_type is None:
        raise ValidationError(
            "Type de fichier refusé : seuls les PDF, PNG et JPEG sont acceptés (le contenu du "
            "fichier ne correspond pas)."
        )
    if content_type != "application/pdf":
        data = _strip_image(data, content_type)
    stored_name = f"{uuid.uuid4().hex}{ALLOWED[content_type]}"
    fields = {
        "stored_name": stored_name,
        "original_name": clean_name(upload.name),
        "content_type": content_type,
        "size": len(data),
    }
    return ContentFile(data, name=stored_name), fields
