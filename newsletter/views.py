"""Public newsletter pages: sign-up, confirmation, preferences, unsubscribe, data and erasure.

Signed links are the only credential (no accounts). Sign-up, confirmation and unsubscribe
answer POSTs without a CSRF token: sign-up because the form sits on cacheable home pages and
double opt-in makes a forged sign-up harmless (it only triggers a rate-limited confirmation
email); confirmation and unsubscribe because the signed token in the URL is what authorises
them (RFC 8058 one-click POSTs come from mail providers, with no cookies).
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from newsroom.core import throttle
from newsroom.core.seo import language_alternates

from . import subscriptions, tokens
from .forms import PreferencesForm, SignupForm
from .models import Subscriber


def language():
    code = get_language() or settings.LANGUAGE_CODE
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    status = 200
    wait = None
    if request.method == "POST":
        form = SignupForm(request.POST, language=language())
        wait = throttle.hit(request, "newsletter:signup", settings.NEWSLETTER_SIGNUP_RATE)
        if wait:
            form.is_valid()
            form.add_error(None, _("Too many sign-ups from your network. Try again in an hour."))
            status = 429
        elif form.is_valid():
            if not form.is_bot:
                data = form.cleaned_data
                subscriptions.request_subscription(
                    data["email"], data["language"], data["topics"], data["frequency"]
                )
            # The same answer whether the address is new, pending, confirmed or suppressed.
            return redirect("newsletter:check_email")
        else:
            status = 400
    else:
        form = SignupForm(language=language())
    response = render(
        request,
        "newsletter/signup.html",
        {"form": form, "alternates": language_alternates(request, with_query=False)},
        status=status,
    )
    if wait:
        throttle.retry_after_header(response, wait)
    return response


@never_cache
def check_email(request):
    return render(
        request,
        "newsletter/check_email.html",
        {
            "alternates": language_alternates(request, with_query=False),
            "expires_days": settings.NEWSLETTER_CONFIRM_MAX_AGE // (24 * 60 * 60),
        },
    )


def invalid_link(request, expired=False):
    return render(
        request,
        "newsletter/invalid_link.html",
        {"expired": expired, "signup_url": reverse("newsletter:signup")},
        status=410 if expired else 404,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows a button (link scanners must not subscribe anyone); POST confirms."""
    subscriber = tokens.find(token, tokens.CONFIRM)
    if subscriber is None:
        return invalid_link(request, expired=tokens.is_expired(token, tokens.CONFIRM))
    if request.method == "POST":
        subscriptions.confirm(subscriber)
    confirmable = subscriber.status == Subscriber.Status.PENDING
    done = subscriber.status == Subscriber.Status.CONFIRMED
    if not (confirmable or done):
        return invalid_link(request)
    return render(
        request,
        "newsletter/confirm.html",
        {"subscriber": subscriber, "confirmed": done, "just_confirmed": request.method == "POST"},
    )


def _one_click(request):
    """RFC 8058: a POST whose body is List-Unsubscribe=One-Click, from a mail provider."""
    return request.POST.get("List-Unsubscribe") == "One-Click"


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET: a confirmation button (a mail scanner fetching links unsubscribes nobody).
    POST: unsubscribe, idempotent; 200 and no redirect, even for an unknown or used token."""
    subscriber = tokens.find(token, tokens.UNSUBSCRIBE)
    if request.method == "POST":
        if subscriber is not None:
            subscriptions.unsubscribe(subscriber)
        if _one_click(request):
            return HttpResponse(
                _("You are unsubscribed."), content_type="text/plain; charset=utf-8"
            )
        return render(
            request,
            "newsletter/unsubscribe.html",
            {"done": True, "subscriber": subscriber, "signup_url": reverse("newsletter:signup")},
        )
    return render(
        request,
        "newsletter/unsubscribe.html",
        {
            "done": False,
            "subscriber": subscriber,
            "known": subscriber is not None,
            "already": subscriber is not None
            and not subscriber.is_receiving
            and subscriber.status != Subscriber.Status.PENDING,
            "signup_url": reverse("newsletter:signup"),
        },
    )


def _preferences_subscriber(request, token):
    subscriber = tokens.find(token, tokens.PREFERENCES)
    if subscriber is None:
        return None, invalid_link(request, expired=tokens.is_expired(token, tokens.PREFERENCES))
    return subscriber, None


def _initial(subscriber):
    return {
        "language": subscriber.language,
        "frequency": subscriber.frequency,
        "topics": list(subscriber.topics.values_list("slug", flat=True)),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    subscriber, error = _preferences_subscriber(request, token)
    if error:
        return error
    saved = False
    status = 200
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        subscriptions.resubscribe(subscriber)
        subscriber.refresh_from_db()
        form = PreferencesForm(initial=_initial(subscriber), language=language())
    elif request.method == "POST":
        form = PreferencesForm(request.POST, language=language())
        if form.is_valid():
            data = form.cleaned_data
            subscriptions.update_preferences(
                subscriber, data["language"], data["topics"], data["frequency"]
            )
            saved = True
        else:
            status = 400
    else:
        form = PreferencesForm(initial=_initial(subscriber), language=language())
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "subscriber": subscriber,
            "token": token,
            "saved": saved,
            "unsubscribe_token": tokens.make(subscriber, tokens.UNSUBSCRIBE),
        },
        status=status,
    )


@never_cache
@require_POST
def download(request, token):
    subscriber, error = _preferences_subscriber(request, token)
    if error:
        return error
    data = json.dumps(subscriptions.export(subscriber), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="newsletter-data.json"'
    return response


@never_cache
@require_POST
def erase(request, token):
    subscriber, error = _preferences_subscriber(request, token)
    if error:
        return error
    if request.POST.get("confirm") != "yes":
        return redirect("newsletter:preferences", token=token)
    subscriptions.erase(subscriber)
    return render(request, "newsletter/erased.html", {"signup_url": reverse("newsletter:signup")})
