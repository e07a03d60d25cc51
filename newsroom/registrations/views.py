"""Public registration views: sign-up (POST from the event or invitation page), then signed
links to confirm the address, cancel, and take an offered seat.

The sign-up form sits on event pages that nginx micro-caches, so it carries no CSRF token and
the POST is ``csrf_exempt`` (like the newsletter's): nothing happens before the address is
confirmed, a honeypot and a per-address rate limit keep bots out. Confirming, cancelling and
claiming are authorised by the signed token in the URL; their GET only shows a button, so a
mail scanner that follows links changes nothing.

The sign-up box itself is drawn on the event and invitation pages by this app's template tag
(``registration_tags.registration_box``) from ``registration_context``; the serve hook in
``wagtail_hooks`` gives those pages the status and caching the box asks for.
"""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from newsroom.core import throttle
from newsroom.events.deadlines import closes_at, sign_up_settings
from newsroom.events.models import EventPage, InvitationPage, RegistrationQuestion

from . import services, tokens
from .forms import RegistrationForm
from .models import EventRegistrations, Registration, keep_sign_up_settings

Status = Registration.Status


def event_of(page):
    if isinstance(page, EventPage):
        return page
    if isinstance(page, InvitationPage):
        return page.event
    return None


def source_questions(event):
    """The event's questions in its source (default) language, by translation key."""
    source = services.event_state(event).source_page() if event.pk else None
    source = source or event
    return {q.translation_key: q for q in RegistrationQuestion.objects.filter(page=source)}


def build_form(page, event, data=None, initial=None):
    language = page.locale.language_code
    return RegistrationForm(
        data,
        initial=initial,
        questions=list(event.registration_questions.all()),
        source_questions=source_questions(event) if data is not None else None,
        language=language,
        prefix=None,
    )


def registration_context(request, page):
    """Template context of the sign-up box on an event or invitation page (None: no box)."""
    event = event_of(page)
    if event is not None and event.pk is not None:
        keep_sign_up_settings(event)
    sign_ups = sign_up_settings(event) if event is not None else None
    if sign_ups is None or not sign_ups.enabled:
        return None
    state = services.sign_up_state(event)
    form = getattr(request, "registration_form", None)
    message = getattr(request, "registration_message", None)
    code = (
        request.POST.get("invite") if request.method == "POST" else request.GET.get("invite")
    ) or ""
    invite = None
    invite_error = False
    # Read only: a page view never writes (the row is made by the first sign-up).
    existing = EventRegistrations.objects.filter(translation_key=event.translation_key).first()
    if sign_ups.invitation_only and state == "open":
        invite = services.find_invite(existing, code) if code and existing else None
        invite_error = bool(code) and invite is None
    if form is None and state == "open":
        initial = {"invite": code}
        if invite is not None:
            initial.update(
                {"name": invite.name, "email": invite.email, "language": invite.language}
            )
        form = build_form(page, event, initial=initial)
    taken = services.seats_taken(existing) if sign_ups.capacity and existing else 0
    return {
        "event": event,
        "sign_ups": sign_ups,
        "state": state,
        "closes": closes_at(event),
        "form": form,
        "message": message,
        "action": reverse("registrations:signup", kwargs={"page_id": page.pk}),
        "invitation_only": sign_ups.invitation_only,
        "invite": invite,
        "invite_error": invite_error,
        "can_sign_up": state == "open" and (not sign_ups.invitation_only or invite is not None),
        "full": sign_ups.capacity is not None and taken >= sign_ups.capacity,
    }


def sign_up_box(request, page):
    """``registration_context``, worked out once per request: the serve hook needs its answer
    before the page's template draws the box."""
    cached = getattr(request, "_sign_up_box", None)
    if cached is None or cached[0] != page.pk:
        cached = request._sign_up_box = (page.pk, registration_context(request, page))
    return cached[1]


def serve_with_status(page, request, status):
    """The page as Wagtail serves it, answering a refused or invalid sign-up with ``status``."""
    response = page.serve(request)
    response.status_code = status
    if request.method == "POST" or request.GET.get("invite"):
        # Personal (an invitation's name and address) or an answer to a form: never shared.
        patch_cache_control(response, private=True, no_store=True)
    return response


def refuse(request, page, form, message, status):
    form.is_valid()
    if message:
        form.add_error(None, message)
    request.registration_form = form
    request.registration_message = message
    return serve_with_status(page, request, status)


@csrf_exempt
@never_cache
@require_POST
def signup(request, page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    page = page.specific if page is not None else None
    event = event_of(page) if page is not None else None
    sign_ups = sign_up_settings(event) if event is not None else None
    if sign_ups is None or not sign_ups.enabled:
        raise Http404
    state = services.sign_up_state(event)
    form = build_form(page, event, data=request.POST)
    if state == "not_yet":
        return refuse(request, page, form, _("Registration has not opened yet."), 403)
    if state == "closed":
        return refuse(request, page, form, _("Registration for this event is closed."), 403)
    wait = throttle.hit(request, "registrations:signup", settings.REGISTRATION_SIGNUP_RATE)
    if wait:
        message = _("Too many sign-ups from your network. Try again in an hour.")
        return throttle.retry_after_header(refuse(request, page, form, message, 429), wait)
    invite = None
    if sign_ups.invitation_only:
        invite = services.find_invite(services.event_state(event), request.POST.get("invite"))
        if invite is None:
            message = _(
                "This event is by invitation only, and this invitation link is not valid or "
                "has already been used."
            )
            return refuse(request, page, form, message, 403)
    if not form.is_valid():
        request.registration_form = form
        return serve_with_status(page, request, 400)
    if form.is_bot:
        return redirect(done_url(page, "check"))
    try:
        outcome = services.sign_up(event, page, form.registration_data(), invite=invite)
    except services.InviteUsed:
        return refuse(request, page, form, _("This invitation link has already been used."), 403)
    registration = outcome.registration
    if not outcome.created:
        # The same answer as for a new address, so the form cannot tell anyone who is
        # registered; the address's owner is emailed where they stand (services._remind).
        return redirect(done_url(page, "check"))
    if registration.status != Status.PENDING:
        return redirect(done_url(page, registration.status))
    return redirect(done_url(page, "check"))


def done_url(page, state):
    return reverse("registrations:done", kwargs={"page_id": page.pk}) + f"?state={state}"


@never_cache
def done(request, page_id):
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    state = request.GET.get("state", "check")
    if state not in ("check", "confirmed", "waitlisted"):
        state = "check"
    return render(
        request,
        "registrations/status.html",
        {
            "view": "done",
            "state": state,
            "event": event_of(page.specific),
            "expires_days": settings.REGISTRATION_CONFIRM_MAX_AGE // (24 * 60 * 60),
        },
    )


def invalid_link(request, expired=False):
    return render(
        request,
        "registrations/status.html",
        {"view": "invalid", "expired": expired},
        status=410 if expired else 404,
    )


def _context(registration, view, **extra):
    event = registration.event.page_in(registration.language)
    return {
        "view": view,
        "registration": registration,
        "event": event,
        "position": registration.waitlist_position(),
        **extra,
    }


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    registration = tokens.find(token, tokens.CONFIRM)
    if registration is None:
        return invalid_link(request, expired=tokens.is_expired(token, tokens.CONFIRM))
    event = registration.event.source_page()
    if registration.status == Status.PENDING and event is not None:
        if services.sign_up_state(event) != "open":
            return render(
                request,
                "registrations/status.html",
                _context(registration, "closed"),
                status=403,
            )
        if request.method == "POST":
            registration = services.confirm_email(registration)
    return render(
        request,
        "registrations/status.html",
        _context(registration, "confirm", just_done=request.method == "POST"),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request, token):
    registration = tokens.find(token, tokens.CANCEL)
    if registration is None or registration.event.anonymised_at:
        return invalid_link(request)
    if request.method == "POST":
        services.cancel(registration)
        registration.refresh_from_db()
    return render(
        request,
        "registrations/status.html",
        _context(registration, "cancel", just_done=request.method == "POST"),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def claim(request, token):
    registration = tokens.find(token, tokens.CLAIM)
    if registration is None:
        return invalid_link(request)
    if request.method == "POST":
        services.claim_offer(registration)
        registration.refresh_from_db()
    status = 200
    if registration.status == Status.EXPIRED:
        status = 410
    return render(
        request,
        "registrations/status.html",
        _context(registration, "claim", just_done=request.method == "POST"),
        status=status,
    )
