"""Attachments: the type is read from the content (not the name), the size capped, photos
re-encoded without their EXIF (GPS) data, and the stored name never derived from the user's.

Images are evidence: the re-encoding keeps every pixel as it was seen. PNG is lossless and keeps
the image's mode (1, L, LA, P with its palette and transparency, RGB, RGBA, I, I;16); a JPEG is
re-encoded at quality 95 without chroma subsampling (L, RGB and CMYK kept); the ICC colour profile
is kept, and an EXIF orientation is applied to the pixels before the EXIF goes, so the image shows
the same way up.

Why the original bytes are not kept: they carry what the re-encoding removes (GPS position, device
serial number, owner name, thumbnails that may show the uncropped photo, text chunks), which can
identify a child or a witness; and a file kept as sent could also carry a second, hidden payload
(a polyglot). A PDF is kept as sent (its type is checked; it is not rendered by the portal).
"""

import io
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

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


_PNG_MODES = {"1", "L", "LA", "I;16", "I;16B", "P", "RGB", "RGBA"}
_JPEG_MODES = {"L", "RGB", "CMYK"}
# Modes a format cannot write, to the mode that holds the same pixels.
_LOSSLESS_TARGET = {"I": "I;16", "PA": "RGBA", "La": "LA", "RGBa": "RGBA", "1": "L", "YCbCr": "RGB"}


def _clean_copy(image: Image.Image, image_format: str) -> bytes:
    """The pixels (and palette, transparency, colour profile) without the file's metadata."""
    upright = ImageOps.exif_transpose(image) or image
    params = {}
    if image.info.get("icc_profile"):
        params["icc_profile"] = image.info["icc_profile"]
    if image_format == "PNG":
        if "transparency" in upright.info:
            params["transparency"] = upright.info["transparency"]
    else:
        params.update(quality=95, subsampling=0)
    clean = upright.copy()
    writable = _PNG_MODES if image_format == "PNG" else _JPEG_MODES
    if clean.mode not in writable:
        clean = clean.convert(
            _LOSSLESS_TARGET.get(clean.mode, "RGBA" if image_format == "PNG" else "RGB")
        )
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format=image_format, **params)
    return out.getvalue()


def _strip_image(data: bytes, content_type: str) -> bytes:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    image_format = "PNG" if content_type == "image/png" else "JPEG"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError("Cette image est trop grande.")
            if image.format != image_format:
                raise ValidationError("Cette image est illisible ou endommagée.")
            image.load()
            return _clean_copy(image, image_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError("Cette image est trop grande.") from exc
    except (OSError, SyntaxError, ValueError, KeyError) as exc:
        raise ValidationError("Cette image est illisible ou endommagée.") from exc


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
