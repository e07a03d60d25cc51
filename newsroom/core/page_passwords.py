"""Wagtail's password form for protected pages, throttled like the admin login.

Wagtail answers every guess; here each wrong password counts against the client address for
that page's restriction, and after NEWSROOM_PAGE_PASSWORD_RATE wrong guesses (the admin
login's AXES_FAILURE_LIMIT in AXES_COOLOFF_TIME) the form answers 429 with ``Retry-After``
and says so, without checking the password, until the window ends.
"""

import math

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail import views as wagtail_views
from wagtail.forms import PasswordViewRestrictionForm
from wagtail.models import Page, PageViewRestriction

from . import throttle
from .i18n import localise_digits


def _scope(restriction_id):
    return f"page-password:{restriction_id}"


class RefusedPasswordForm(PasswordViewRestrictionForm):
    """Wagtail's form again, with the refusal as its error and nothing checked."""

    def __init__(self, *args, refusal, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal = refusal

    def non_field_errors(self):
        return self.error_class([self.refusal], error_class="nonfield")


def _refusal(request, restriction_id, page_id, wait):
    restriction = get_object_or_404(PageViewRestriction, id=restriction_id)
    page = get_object_or_404(Page, id=page_id).specific
    minutes = max(1, math.ceil(wait / 60))
    refusal = ngettext(
        "Too many wrong passwords from your network. Try again in %(minutes)s minute.",
        "Too many wrong passwords from your network. Try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": localise_digits(minutes)}
    form = RefusedPasswordForm(
        instance=restriction,
        initial={"return_url": request.POST.get("return_url", "")},
        refusal=refusal,
    )
    action_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.id, page.id])
    response = page.serve_password_required_response(request, form, action_url)
    return throttle.retry_after_header(response, wait)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    rate = settings.NEWSROOM_PAGE_PASSWORD_RATE
    scope = _scope(page_view_restriction_id)
    if request.method == "POST":
        wait = throttle.over(request, scope, rate)
        if wait:
            return _refusal(request, page_view_restriction_id, page_id, wait)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    # The form again (200) means a wrong password; a right one redirects to the page.
    if request.method == "POST" and response.status_code == 200:
        throttle.hit(request, scope, rate)
    return response
