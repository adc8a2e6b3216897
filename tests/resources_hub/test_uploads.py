"""Issue 8 item 7: uploads keep the evidence. Every image mode comes out of the re-encoding as it
was seen (pixels compared), upright, and without its metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageOps, ImageStat

from resources_hub.uploads import _clean_copy, prepare_upload

SIZE = (48, 32)


def _pattern(mode: str) -> Image.Image:
    """A smooth picture with distinct values in every channel (and transparent parts)."""
    rgba = Image.new("RGBA", SIZE)
    for x in range(SIZE[0]):
        for y in range(SIZE[1]):
            alpha = 0 if x < 8 else (128 if x < 16 else 255)
            rgba.putpixel((x, y), (x * 5, y * 7, 200 - x * 2, alpha))
    if mode == "P-transparent":
        image = rgba.convert("RGB").quantize(colors=64)
        image.info["transparency"] = 0
        return image
    if mode == "P":
        return rgba.convert("RGB").quantize(colors=64)
    if mode in ("I;16", "I"):
        image = Image.new(mode, SIZE)
        for x in range(SIZE[0]):
            for y in range(SIZE[1]):
                image.putpixel((x, y), x * 1300 + y * 17)
        return image
    if mode in ("RGBA", "LA", "PA"):
        return rgba.convert(mode)
    return rgba.convert("RGB").convert(mode)


def _encode(image: Image.Image, image_format: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, format=image_format, **params)
    return out.getvalue()


def _upload(data: bytes, name: str):
    content, fields = prepare_upload(SimpleUploadedFile(name, data))
    return Image.open(io.BytesIO(content.read())), fields


def _visible(image: Image.Image) -> Image.Image:
    """What a viewer shows: RGBA, with the palette and transparency applied."""
    if image.mode in ("I", "I;16"):
        return image
    return image.convert("RGBA")


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "P-transparent", "RGB", "RGBA", "I;16"])
def test_every_png_mode_keeps_every_pixel(mode):
    original_image = _pattern(mode)
    source = _encode(original_image, "PNG")
    original = Image.open(io.BytesIO(source))
    stored, fields = _upload(source, "capture.png")
    assert fields["content_type"] == "image/png"
    before, after = _visible(original), _visible(stored)
    if mode == "I;16":
        assert after.mode == "I;16" and before.tobytes() == after.tobytes()
    else:
        assert ImageChops.difference(before, after).getbbox() is None, mode
        assert before.getextrema() == after.getextrema()


@pytest.mark.parametrize("mode", ["I", "PA"])
def test_modes_png_cannot_write_are_stored_in_a_mode_holding_the_same_pixels(mode):
    """Pillow opens some files in modes it cannot write back (32-bit I, PA): no refusal, and
    the same pixels."""
    original = _pattern(mode)
    stored = Image.open(io.BytesIO(_clean_copy(original, "PNG")))
    if mode == "I":
        assert stored.convert("I").tobytes() == original.tobytes()
    else:
        assert (
            ImageChops.difference(original.convert("RGBA"), stored.convert("RGBA")).getbbox()
            is None
        )


@pytest.mark.parametrize("mode", ["L", "RGB", "CMYK"])
def test_every_jpeg_mode_is_re_encoded_without_visible_change(mode):
    source = _encode(_pattern(mode), "JPEG", quality=95)
    original = Image.open(io.BytesIO(source))
    stored, fields = _upload(source, "photo.jpg")
    assert fields["content_type"] == "image/jpeg"
    assert stored.mode == original.mode
    difference = ImageChops.difference(original.convert("RGB"), stored.convert("RGB"))
    assert max(ImageStat.Stat(difference).mean) < 2.0, mode
    assert max(band[1] for band in difference.getextrema()) < 24, mode


def _photo_with_gps(orientation: int) -> bytes:
    image = _pattern("RGB")
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Téléphone de l'élève"  # Make
    gps = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x8825] = gps
    return _encode(image, "JPEG", quality=95, exif=exif.tobytes())


def test_a_jpeg_photo_loses_its_gps_and_stays_the_right_way_up():
    source = _photo_with_gps(orientation=6)  # to be shown turned 90° clockwise
    stored, _ = _upload(source, "photo.jpg")
    assert not stored.getexif()

    shown = ImageOps.exif_transpose(Image.open(io.BytesIO(source)))
    assert stored.size == shown.size == (SIZE[1], SIZE[0])
    difference = ImageChops.difference(shown.convert("RGB"), stored.convert("RGB"))
    assert max(ImageStat.Stat(difference).mean) < 2.0


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Léa Martin, CM1")
    source = _encode(_pattern("RGB"), "PNG", pnginfo=info)
    stored, _ = _upload(source, "capture.png")
    assert "Author" not in stored.info
    assert b"Martin" not in _encode(stored, "PNG")


def test_the_colour_profile_is_kept():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = _encode(_pattern("RGB"), "PNG", icc_profile=profile)
    stored, _ = _upload(source, "capture.png")
    assert stored.info.get("icc_profile") == profile


def test_a_png_named_jpg_with_jpeg_magic_but_png_body_is_refused():
    source = b"\xff\xd8\xff" + _encode(_pattern("RGB"), "PNG")
    with pytest.raises(ValidationError):
        prepare_upload(SimpleUploadedFile("x.jpg", source))
