"""The training offer: the list, a session, enrolment, offers, attendance, the two PDFs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from directory import audit, ratelimit
from directory.models import Role
from directory.pdf import pdf_response, render_pdf
from directory.permissions import (
    districts_of,
    get_scoped_or_404,
    has_perm,
    permission_required,
    refuse,
    schools_of,
)
from training import selectors
from training.forms import CompletionForm, SessionForm, TeamEnrolForm, school_staff
from training.models import HOLDING, Enrolment, EnrolmentStatus, Session
from training.services import offer as services

VIEW = "training.session.view"
MANAGE = "training.session.manage"
PER_PAGE = 25
S = EnrolmentStatus


def _session(request, pk: int, perm: str = VIEW) -> Session:
    queryset = Session.objects.select_related("district", "kind")
    return get_scoped_or_404(request, queryset, perm, pk=pk)


def _data(request):
    return request.POST if request.method == "POST" else None


def _held_annotation():
    return Count("enrolments", filter=Q(enrolments__status__in=HOLDING))


@permission_required(VIEW)
def session_list(request) -> HttpResponse:
    """The district's offer: upcoming sessions first, or past ones."""
    past = request.GET.get("periode") == "passees"
    now = timezone.now()
    sessions = (
        Session.objects.visible_to(request.user, VIEW)
        .select_related("kind")
        .annotate(held=_held_annotation())
    )
    if past:
        sessions = sessions.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        sessions = sessions.filter(ends_at__gte=now).order_by("starts_at", "pk")
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    mine = dict(
        Enrolment.objects.filter(user=request.user, session__in=page.object_list).values_list(
            "session_id", "status"
        )
    )
    rows = [(s, S(mine[s.pk]).label if s.pk in mine else "") for s in page.object_list]
    context = {
        "page_obj": page,
        "rows": rows,
        "past": past,
        "can_manage": has_perm(request.user, MANAGE),
    }
    return render(request, "training/session_list.html", context)


def _can_mark(user, session: Session) -> bool:
    if session.trainers.filter(pk=user.pk).exists():
        return True
    return has_perm(user, "training.attendance") and (
        Session.objects.visible_to(user, "training.attendance").filter(pk=session.pk).exists()
    )


@permission_required(VIEW)
def session_detail(request, pk: int) -> HttpResponse:
    session = _session(request, pk)
    services.offers_expire(session=session)  # lazy expiry on read
    user = request.user
    mine = Enrolment.objects.filter(session=session, user=user).first()
    held = services.seats_held(session)
    can_manage = has_perm(user, MANAGE)
    can_mark = _can_mark(user, session)
    enrolments = []
    if can_manage or can_mark:
        enrolments = list(
            session.enrolments.filter(status__in=[*HOLDING, S.WAITING])
            .select_related("user", "school")
            .order_by("status", "queued_at", "pk")
        )
    team_form = None
    if has_perm(user, "training.enrol_team") and schools_of(user, [Role.DIRECTOR]):
        team_form = TeamEnrolForm(staff=_team(user))
    context = {
        "session": session,
        "mine": mine,
        "held": held,
        "free": max(session.capacity - held, 0),
        "waiting": session.enrolments.filter(status=S.WAITING).count(),
        "fits": services.audience_fits(session, user),
        "open": not session.is_cancelled and session.ends_at >= timezone.now(),
        "trainers": list(session.trainers.all()),
        "partners": list(session.partner_trainers.all()),
        "enrolments": enrolments,
        "can_manage": can_manage,
        "can_mark": can_mark,
        "team_form": team_form,
        "completion_form": CompletionForm() if mine and session.kind.self_paced else None,
    }
    return render(request, "training/session_detail.html", context)


def _team(user):
    from django.contrib.auth import get_user_model

    schools = schools_of(user, [Role.DIRECTOR])
    ids = set()
    for school in schools:
        ids |= set(school_staff(school).values_list("pk", flat=True))
    return get_user_model().objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _session_form_page(request, form, session=None) -> HttpResponse:
    return render(request, "training/session_form.html", {"form": form, "session": session})


@permission_required(MANAGE)
def session_create(request) -> HttpResponse:
    districts = districts_of(request.user)
    if not districts:
        refuse(request, MANAGE)
        raise PermissionDenied
    district = districts[0]
    form = SessionForm(_data(request), district=district, submit_label="Créer la session")
    if request.method == "POST" and form.is_valid():
        form.instance.district = district
        session = form.save()
        audit.record("create", request=request, obj=session)
        messages.success(request, "La session est créée.")
        return redirect("training:session-detail", pk=session.pk)
    return _session_form_page(request, form)


@permission_required(MANAGE)
def session_edit(request, pk: int) -> HttpResponse:
    session = _session(request, pk, MANAGE)
    was_cancelled = session.is_cancelled
    form = SessionForm(_data(request), instance=session, district=session.district)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record("update", request=request, obj=session)
        if session.is_cancelled and not was_cancelled:
            services.session_cancelled(session=session, by=request.user, request=request)
        messages.success(request, "La session est mise à jour.")
        return redirect("training:session-detail", pk=session.pk)
    return _session_form_page(request, form, session)


@permission_required("training.enrol")
def session_enrol(request, pk: int) -> HttpResponse:
    """Enrol oneself (POST); a full session puts one on the waiting list."""
    session = _session(request, pk, "training.enrol")
    if request.method != "POST":
        return redirect("training:session-detail", pk=session.pk)
    try:
        enrolment = services.enrolment_create(
            session=session, person=request.user, by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("training:session-detail", pk=session.pk)
    if enrolment.status == S.ENROLLED:
        messages.success(request, "Vous êtes inscrit·e à cette session.")
    else:
        messages.info(request, "La session est complète : vous êtes en liste d'attente.")
    return redirect("training:session-detail", pk=session.pk)


@permission_required("training.enrol_team")
def session_enrol_team(request, pk: int) -> HttpResponse:
    """A director enrols members of their team (each checked against the audience)."""
    session = _session(request, pk, "training.enrol")
    form = TeamEnrolForm(_data(request), staff=_team(request.user))
    if request.method == "POST" and form.is_valid():
        done, refused = [], []
        for person in form.cleaned_data["people"]:
            try:
                services.enrolment_create(
                    session=session, person=person, by=request.user, request=request
                )
                done.append(person.display_name)
            except ValidationError:
                refused.append(person.display_name)
        if done:
            messages.success(request, "Inscription enregistrée : " + ", ".join(done) + ".")
        if refused:
            messages.warning(
                request, "Session non ouverte à : " + ", ".join(refused) + " (public visé)."
            )
        return redirect("training:session-detail", pk=session.pk)
    return render(request, "training/team_enrol.html", {"session": session, "form": form})


def _own_enrolment(request, pk: int) -> Enrolment:
    queryset = Enrolment.objects.select_related("session__kind", "session__district", "user")
    return get_scoped_or_404(request, queryset, "training.enrolment.own", pk=pk)


@permission_required("training.enrolment.own")
def enrolment_action(request, pk: int, action: str) -> HttpResponse:
    """Accept or decline an offered seat, leave a session (POST only)."""
    if action not in ("accepter", "refuser", "quitter"):
        raise Http404
    enrolment = _own_enrolment(request, pk)
    if request.method != "POST":
        return redirect("training:my-trainings")
    try:
        if action == "accepter":
            services.offer_accept(enrolment=enrolment, by=request.user, request=request)
            messages.success(request, "Votre place est confirmée.")
        else:
            services.enrolment_cancel(enrolment=enrolment, by=request.user, request=request)
            messages.success(request, "C'est noté : votre place est libérée.")
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("training:my-trainings")


@permission_required("training.enrolment.own")
def enrolment_complete(request, pk: int) -> HttpResponse:
    enrolment = _own_enrolment(request, pk)
    form = CompletionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_declare(
                enrolment=enrolment,
                completed_on=form.cleaned_data["completed_on"],
                by=request.user,
                request=request,
            )
            messages.success(request, "Le parcours est déclaré terminé.")
            return redirect("training:my-trainings")
        except ValidationError as exc:
            form.add_error("completed_on", exc.messages[0])
    return render(request, "training/complete.html", {"form": form, "enrolment": enrolment})


@permission_required("training.enrolment.own")
def my_trainings(request) -> HttpResponse:
    """One's sessions, offers waiting for an answer, and hours against the 108 hours."""
    services.offers_expire(user=request.user)  # lazy expiry on read
    year = selectors.year_from(request.GET.get("annee"))
    enrolments = (
        Enrolment.objects.filter(user=request.user)
        .select_related("session__kind")
        .order_by("-session__starts_at")
    )
    context = {
        "enrolments": enrolments,
        "hours": selectors.hours_of(request.user, year),
        "year": year,
        "years": selectors.year_choices(),
    }
    return render(request, "training/my_trainings.html", context)


@permission_required(VIEW)
def attendance(request, pk: int) -> HttpResponse:
    """The trainer (or the district team) marks who attended."""
    session = _session(request, pk)
    if not _can_mark(request.user, session):
        refuse(request, "training.attendance")
        raise PermissionDenied
    enrolled = list(
        session.enrolments.filter(status=S.ENROLLED)
        .select_related("user", "school")
        .order_by("user__last_name", "user__first_name")
    )
    if request.method == "POST":
        wanted = {e.pk for e in enrolled if request.POST.get(f"present-{e.pk}") == "on"}
        count = services.attendance_mark(
            session=session, present_ids=wanted, by=request.user, request=request
        )
        messages.success(request, f"Émargement enregistré : {count} présent·es.")
        return redirect("training:session-detail", pk=session.pk)
    return render(request, "training/attendance.html", {"session": session, "enrolled": enrolled})


@permission_required(VIEW)
def signin_sheet_pdf(request, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not _can_mark(request.user, session):
        refuse(request, "training.attendance")
        raise PermissionDenied
    if not ratelimit.allow_pdf(request.user):
        return HttpResponse("Trop de documents demandés : réessayez dans une minute.", status=429)
    enrolled = session.enrolments.filter(status=S.ENROLLED).select_related("user", "school")
    context = {
        "session": session,
        "district": session.district,
        "enrolled": enrolled.order_by("user__last_name", "user__first_name"),
        "trainers": list(session.trainers.all()),
        "partners": list(session.partner_trainers.all()),
    }
    audit.record("export", request=request, obj=session, detail="feuille d'émargement")
    content = render_pdf("pdf/training_signin.html", context)
    return pdf_response(content, f"emargement-{session.pk}.pdf")


@permission_required("training.enrolment.view")
def certificate_pdf(request, pk: int) -> HttpResponse:
    """The attendance certificate: for those who attended (or completed) only."""
    queryset = Enrolment.objects.select_related("session__kind", "session__district", "user")
    enrolment = get_scoped_or_404(request, queryset, "training.enrolment.view", pk=pk)
    if not enrolment.counts_hours:
        refuse(request, "training.enrolment.view", detail="attestation sans présence")
        raise PermissionDenied
    if not ratelimit.allow_pdf(request.user):
        return HttpResponse("Trop de documents demandés : réessayez dans une minute.", status=429)
    session = enrolment.session
    context = {"enrolment": enrolment, "session": session, "district": session.district}
    audit.record("export", request=request, obj=enrolment, detail="attestation de présence")
    content = render_pdf("pdf/training_certificate.html", context)
    return pdf_response(content, f"attestation-formation-{enrolment.pk}.pdf")
