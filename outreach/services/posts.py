"""News and initiatives (moderated before they are public) and shared practices. Uploaded files
go through resources_hub.uploads: type read from the content, size capped, EXIF removed."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from directory import audit
from directory.notifications import district_team_of, notify
from outreach.models import Post, PostStatus, Practice, PracticeAdoption
from resources_hub.uploads import clean_name, prepare_upload

IMAGE_TYPES = {"image/png", "image/jpeg"}


class AlreadyModerated(Exception):
    pass


def checked_image(upload):
    """A post's image: a real PNG or JPEG only (a PDF is refused here), without its EXIF."""
    content, fields = prepare_upload(upload)
    if fields["content_type"] not in IMAGE_TYPES:
        raise ValidationError("Seules les images PNG et JPEG sont acceptées pour une actualité.")
    return content, fields


def post_create(*, user, district, school, data: dict, image=None, request=None) -> Post:
    """A director's or the district's post, waiting for the district team's moderation."""
    with transaction.atomic():
        post = Post(
            district=district,
            school=school,
            author=user,
            status=PostStatus.SUBMITTED,
            **{k: data[k] for k in ("kind", "axis", "title", "body", "image_alt")},
        )
        if image is not None:
            content, fields = image
            post.image_name = fields["stored_name"]
            post.image.save(fields["stored_name"], content, save=False)
        post.save()
        audit.record("create", request=request, user=user, obj=post, detail="actualité soumise")
    notify(
        district_team_of(district),
        event="outreach.post_submitted",
        url=reverse("outreach:post-moderation"),
        dedupe_key=f"outreach.post-submitted:{post.pk}",
    )
    return post


def post_moderate(*, post: Post, user, publish: bool, note: str = "", request=None) -> Post:
    """Publish or refuse a submitted post, once (a second moderator's click changes nothing)."""
    now = timezone.now()
    status = PostStatus.PUBLISHED if publish else PostStatus.REJECTED
    with transaction.atomic():
        updated = Post.objects.filter(pk=post.pk, status=PostStatus.SUBMITTED).update(
            status=status,
            moderated_by=user,
            moderated_at=now,
            moderation_note=note[:500],
            published_at=now if publish else None,
            updated_at=now,
        )
        if not updated:
            raise AlreadyModerated("Cette actualité a déjà été modérée.")
        audit.record(
            "update",
            request=request,
            user=user,
            obj=post,
            detail="actualité publiée" if publish else "actualité refusée",
        )
    post.refresh_from_db()
    if post.author is not None:
        notify(
            [post.author],
            event="outreach.post_moderated",
            url=reverse("outreach:post-detail", args=[post.pk]),
            dedupe_key=f"outreach.post-moderated:{post.pk}",
        )
    return post


def practice_create(*, user, district, school, data: dict, document=None, request=None):
    with transaction.atomic():
        practice = Practice(
            district=district,
            school=school,
            shared_by=user,
            **{k: data[k] for k in ("axis", "title", "description", "link")},
        )
        if document is not None:
            content, fields = prepare_upload(document)
            practice.document_name = fields["stored_name"]
            practice.document_label = clean_name(document.name)
            practice.document.save(fields["stored_name"], content, save=False)
        practice.save()
        audit.record("create", request=request, user=user, obj=practice, detail="pratique")
    return practice


def practice_adopt(*, practice: Practice, school, user) -> tuple[PracticeAdoption, bool]:
    try:
        with transaction.atomic():
            return PracticeAdoption.objects.get_or_create(
                practice=practice, school=school, defaults={"adopted_by": user}
            )
    except IntegrityError:
        return PracticeAdoption.objects.get(practice=practice, school=school), False
