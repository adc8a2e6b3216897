"""News and initiatives: public once the district team has published them; the submission form,
the moderation queue, images served only where the post may be read."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from directory.dashboard import AXES
from directory.models import School
from directory.permissions import grants, has_perm, permission_required, refuse
from outreach.forms.posts import PostForm
from outreach.models import Post, PostStatus
from outreach.sanitise import markdown_to_html
from outreach.services import posts as services

AXIS_VALUES = dict(AXES)


def _published():
    return Post.objects.filter(status=PostStatus.PUBLISHED).select_related("school", "district")


def post_list(request) -> HttpResponse:
    """Everyone, without an account: the published posts, by axis."""
    posts = _published()
    axis = request.GET.get("axe", "")
    if axis in AXIS_VALUES:
        posts = posts.filter(axis=axis)
    page = Paginator(posts.order_by("-published_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/posts/list.html",
        {
            "page_obj": page,
            "axes": AXES,
            "axis": axis,
            "can_write": has_perm(request.user, "post.write"),
            "can_moderate": has_perm(request.user, "post.moderate"),
        },
    )


def _readable(request, pk: int) -> Post:
    """Published: anyone. Otherwise only its writers' scope and the moderators (else 404)."""
    post = _published().filter(pk=pk).first()
    if post is not None:
        return post
    user = request.user
    if user.is_authenticated:
        for perm in ("post.moderate", "post.write"):
            if has_perm(user, perm):
                found = Post.objects.editable_by(user, perm).filter(pk=pk).first()
                if found is not None:
                    return found
        refuse(request, "post.write", detail=f"actualité {pk}")
    raise Http404


def post_detail(request, pk: int) -> HttpResponse:
    post = _readable(request, pk)
    return render(
        request,
        "outreach/posts/detail.html",
        {"post": post, "body": markdown_to_html(post.body)},
    )


def post_image(request, pk: int) -> HttpResponse:
    post = _readable(request, pk)
    if not post.image_name:
        raise Http404
    try:
        handle = post.image.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    extension = os.path.splitext(post.image_name)[1].lower()
    content_type = "image/png" if extension == ".png" else "image/jpeg"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if post.status != PostStatus.PUBLISHED:
        response["Cache-Control"] = "no-store, private"
    return response


def _writer_district(user):
    for assignment, scope in grants(user, "post.write"):
        if scope == "district":
            return assignment.district
    return None


@permission_required("post.write")
def post_create(request) -> HttpResponse:
    district = _writer_district(request.user)
    schools = School.objects.visible_to(request.user, "post.write").filter(district__isnull=False)
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        schools=schools,
        allow_district=district is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            image = form.cleaned_data["upload"]
            checked = services.checked_image(image) if image else None
        except ValidationError as exc:
            form.add_error("upload", exc)
        else:
            school = form.cleaned_data["school"]
            post = services.post_create(
                user=request.user,
                district=school.district if school else district,
                school=school,
                data=form.cleaned_data,
                image=checked,
                request=request,
            )
            messages.success(
                request, "Votre actualité est envoyée : elle sera publique après modération."
            )
            return redirect("outreach:post-detail", pk=post.pk)
    return render(request, "outreach/posts/form.html", {"form": form})


@permission_required("post.moderate")
def post_moderation(request) -> HttpResponse:
    posts = (
        Post.objects.editable_by(request.user, "post.moderate")
        .filter(status=PostStatus.SUBMITTED)
        .select_related("school", "district", "author")
        .order_by("created_at")[:100]
    )
    return render(request, "outreach/posts/moderation.html", {"posts": posts})


@require_POST
@permission_required("post.moderate")
def post_moderate(request, pk: int) -> HttpResponse:
    post = Post.objects.editable_by(request.user, "post.moderate").filter(pk=pk).first()
    if post is None:
        refuse(request, "post.moderate", detail=f"actualité {pk}")
        raise Http404
    publish = request.POST.get("decision") == "publish"
    try:
        services.post_moderate(
            post=post,
            user=request.user,
            publish=publish,
            note=request.POST.get("note", "").strip(),
            request=request,
        )
    except services.AlreadyModerated as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Actualité publiée." if publish else "Actualité refusée.")
    return redirect("outreach:post-moderation")


urlpatterns = [
    path("actualites/", post_list, name="posts"),
    path("actualites/nouvelle/", post_create, name="post-create"),
    path("actualites/moderation/", post_moderation, name="post-moderation"),
    path("actualites/<int:pk>/", post_detail, name="post-detail"),
    path("actualites/<int:pk>/image/", post_image, name="post-image"),
    path("actualites/<int:pk>/moderer/", post_moderate, name="post-moderate"),
]
