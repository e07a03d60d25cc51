"""An event's registrations as a spreadsheet (CSV or XLSX) for its organisers: one row per
registration, the event's own questions as extra columns (labels of the source language)."""

import csv
import io
from datetime import UTC

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from newsroom.core.sanitise import clean_visitor_text
from newsroom.events.models import RegistrationQuestion

from . import services
from .models import Registration

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

HEADER = [
    gettext_lazy("Name"),
    gettext_lazy("Email"),
    gettext_lazy("Organisation"),
    gettext_lazy("Language"),
    gettext_lazy("Status"),
    gettext_lazy("Waiting list position"),
    gettext_lazy("Signed up"),
    gettext_lazy("Email confirmed"),
    gettext_lazy("Seat confirmed"),
    gettext_lazy("Cancelled"),
    gettext_lazy("Checked in"),
    gettext_lazy("Source"),
]


def questions_of(event):
    """The questions (source language) as (translation key, label, kind), in form order."""
    state = services.event_state(event)
    source = state.source_page() or event
    return [
        (str(q.translation_key), q.label, q.kind)
        for q in RegistrationQuestion.objects.filter(page=source).order_by("sort_order")
    ]


def _stamp(value):
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def _waitlist_positions(registrations):
    """{pk: place on the waiting list}, in the order seats are offered."""
    waiting = sorted(
        (r for r in registrations if r.status == Registration.Status.WAITLISTED),
        key=lambda r: (r.email_confirmed_at, r.pk),
    )
    return {r.pk: n for n, r in enumerate(waiting, start=1)}


def _row(registration, position, questions):
    r = registration
    row = [
        r.name,
        r.email,
        r.organisation,
        r.language,
        r.get_status_display(),
        position,
        _stamp(r.created_at),
        _stamp(r.email_confirmed_at),
        _stamp(r.confirmed_at),
        _stamp(r.cancelled_at),
        _stamp(r.checked_in_at),
        r.get_source_display(),
    ]
    for key, _label, kind in questions:
        value = r.answers.get(key, "")
        if kind == "checkbox":
            value = _("yes") if value else _("no")
        row.append(value)
    return [cell if isinstance(cell, int) else _text(cell) for cell in row]


def rows(event):
    """Header and one row per registration, as the database holds them."""
    state = services.event_state(event)
    questions = questions_of(event)
    header = [str(label) for label in HEADER] + [label for _key, label, _kind in questions]
    registrations = list(Registration.objects.filter(event=state).order_by("created_at", "pk"))
    position = _waitlist_positions(registrations)
    body = [_row(r, position.get(r.pk, ""), questions) for r in registrations]
    return [_text(label) for label in header], body


def _text(value):
    # Rows stored before the forms cleaned what visitors type may hold control characters,
    # which XML (so XLSX) cannot carry at all.
    return clean_visitor_text(str(value), multiline=True)


def _safe_cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def filename(event, extension):
    return f"registrations-{slugify(event.slug)[:60] or event.pk}.{extension}"


def as_csv(event):
    header, body = rows(event)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read UTF-8 (Arabic names) correctly
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in body:
        writer.writerow([_safe_cell(cell) for cell in row])
    return buffer.getvalue()


def as_xlsx(event):
    header, body = rows(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append(header)
    for row in body:
        sheet.append([_safe_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
