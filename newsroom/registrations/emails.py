"""Registration messages: in the person's language, plain text and HTML (the site's email
layout, ``newsroom.core.mail``), and, for seats, a calendar invitation calendar apps answer.

A message that carries a calendar is ``multipart/mixed``: a ``multipart/alternative`` of
text/plain, text/html and ``text/calendar; method=REQUEST`` (or ``CANCEL``), plus the same
calendar as an ``invite.ics`` attachment with the same ``method`` parameter. That is the shape
Gmail, Outlook and Apple Mail show with accept/decline buttons.
"""

from datetime import datetime
from email.utils import getaddresses

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEText
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from newsroom.core.i18n import join_parts, neutralise_bidi
from newsroom.core.mail import message_id, render, sender
from newsroom.core.templatetags.display_tags import event_when, zoned_datetime
from newsroom.core.templatetags.newsroom_tags import localdate
from newsroom.events.calendar import invitation_calendar
from newsroom.events.deadlines import reply_deadline

from . import tokens

TEMPLATES = "registrations/email"
# The reminder carries the invitation again (same UID and SEQUENCE, later DTSTAMP), so
# someone who lost or never opened it can still add the event.
CALENDAR_KINDS = {
    "confirmation": "REQUEST",
    "reminder": "REQUEST",
    "update": "REQUEST",
    "event_cancelled": "CANCEL",
    "cancelled": "CANCEL",
}


class CalendarEmail(EmailMultiAlternatives):
    """Gives text/calendar parts their ``method`` parameter (Django would drop it)."""

    def _create_mime_attachment(self, content, mimetype):
        if mimetype.startswith("text/calendar"):
            method = mimetype.partition("method=")[2] or "PUBLISH"
            part = SafeMIMEText(content, "calendar", "utf-8")
            part.set_param("method", method)
            return part
        return super()._create_mime_attachment(content, mimetype)


def organizer(language):
    """(name, address) of the organiser in invitations: the site's sender, named as the
    organisation is in ``language``."""
    return getaddresses([sender(language)])[0]


def link(name, language, **kwargs):
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs)


def page_url(page, language):
    if page is None:
        return settings.SITE_URL + f"/{language}/"
    return settings.SITE_URL + (page.get_url_parts() or (None, None, "/"))[2]


def deadline_text(deadline, zone):
    """A reply deadline (``events.deadlines.reply_deadline``) as pages and emails print it in the
    active language: a closing time in the event's zone, or an invitation's day."""
    if isinstance(deadline, datetime):
        return zoned_datetime(deadline, zone)
    return localdate(deadline, "j F Y")


def event_details(event, language):
    """Plain-text lines about the event in ``language`` (the page in that language)."""
    with translation.override(language):
        return {
            "title": neutralise_bidi(event.title),
            "when": strip_tags(event_when(event)),
            "where": join_parts([event.venue_name, *event.venue_address.splitlines()], language),
            "online_url": "" if event.cancelled else event.online_url,
        }


def build(registration, kind, context=None):
    """The message ``kind`` for ``registration``, ready to send."""
    language = registration.language
    event = registration.event.page_in(language)
    url = page_url(registration.page if registration.page_id else event, language)
    if registration.page_id and registration.page.locale.language_code != language:
        url = page_url(event, language)
    context = {
        "kind": kind,
        "name": neutralise_bidi(registration.name),
        "event": event_details(event, language),
        "event_url": url,
        "cancel_url": link(
            "registrations:cancel", language, token=tokens.make(registration, tokens.CANCEL)
        ),
        **(context or {}),
    }
    if kind == "verify":
        context["confirm_url"] = link(
            "registrations:confirm", language, token=tokens.make(registration, tokens.CONFIRM)
        )
        context["expires_days"] = settings.REGISTRATION_CONFIRM_MAX_AGE // (24 * 60 * 60)
    if kind == "offer":
        context["claim_url"] = link(
            "registrations:claim", language, token=tokens.make(registration, tokens.CLAIM)
        )
        with translation.override(language):
            until = zoned_datetime(registration.offer_expires_at, event.time_zone)
            context["offer_until"] = strip_tags(until)
    if kind == "waitlist" or kind == "already":
        context["position"] = registration.waitlist_position()
        context["status"] = registration.status
    with translation.override(language):
        context["subject"] = subject(kind, context["event"]["title"])
    rendered = render("message", language, context, TEMPLATES)
    email = CalendarEmail(
        subject=rendered.subject,
        body=rendered.text,
        from_email=sender(language),
        to=[registration.email],
        headers={
            "Content-Language": language,
            "Message-ID": message_id("registration"),
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(rendered.html, "text/html")
    method = CALENDAR_KINDS.get(kind)
    if method:
        ics = invitation_calendar(
            event,
            url,
            language,
            method=method,
            organizer=organizer(language),
            attendee=(registration.name, registration.email),
            stamp=timezone.now(),
            cancelled=kind == "cancelled",
        ).decode()
        mimetype = f"text/calendar; method={method}"
        email.attach_alternative(ics, mimetype)
        email.attach("invite.ics", ics, mimetype)
    return email, event


def subject(kind, title):
    subjects = {
        "verify": _("Confirm your registration: %(event)s"),
        "confirmation": _("You are registered: %(event)s"),
        "waitlist": _("You are on the waiting list: %(event)s"),
        "offer": _("A seat is free for you: %(event)s"),
        "reminder": _("Tomorrow: %(event)s"),
        "update": _("Updated: %(event)s"),
        "event_cancelled": _("Cancelled: %(event)s"),
        "event_cancelled_waiting": _("Cancelled: %(event)s"),
        "cancelled": _("Your registration is cancelled: %(event)s"),
        "already": _("Your registration: %(event)s"),
    }
    return subjects[kind] % {"event": title}


def invite_email(invite, event):
    """The personal invitation link of an invitation-only event."""
    language = invite.language
    event = invite.event.page_in(language)
    url = page_url(event, language) + f"?invite={invite.code}"
    context = {
        "kind": "invite",
        "name": neutralise_bidi(invite.name),
        "event": event_details(event, language),
        "event_url": url,
        "invite_url": url,
    }
    with translation.override(language):
        deadline = reply_deadline(event)
        if deadline:
            context["respond_by"] = strip_tags(deadline_text(deadline, event.time_zone))
        context["subject"] = _("You are invited: %(event)s") % {"event": context["event"]["title"]}
    rendered = render("message", language, context, TEMPLATES)
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=sender(language),
        to=[invite.email],
        headers={"Content-Language": language},
    )
    email.attach_alternative(rendered.html, "text/html")
    return email


def send(messages):
    with get_connection() as connection:
        connection.send_messages(messages)
