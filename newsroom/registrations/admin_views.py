"""Wagtail admin: the registrations of each event (filters, counts, check-in), CSV and XLSX
exports, adding someone by hand and importing an invitation list.

Registrations hold personal data, so every view here (see wagtail_hooks, which wraps them
all) is for holders of the ``registrations.manage_attendees`` permission (the demo's "Event
managers") and superusers only, whichever language version of the event the URL names:
editing an event page, as a translator does, shows none of it.
"""

import csv
import io
from datetime import UTC
from functools import wraps

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from newsroom.core.forms import FORBIDDEN
from newsroom.core.sanitise import clean_visitor_text
from newsroom.events.models import EventPage, RegistrationQuestion

from . import services
from .models import EventRegistrations, Registration

MAX_IMPORT_ROWS = 2000
MAX_IMPORT_BYTES = 1024 * 1024


ATTENDEES_PERMISSION = "registrations.manage_attendees"


def can_manage_attendees(user):
    return (
        user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and user.has_perm(ATTENDEES_PERMISSION)
    )


def attendees_only(view):
    """Answer 403, with the reason, to anyone else (before looking the event up)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not can_manage_attendees(request.user):
            return TemplateResponse(request, "registrations/admin/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return checked


def event_or_404(page_id):
    event = EventPage.objects.filter(pk=page_id).first()
    if event is None:
        raise Http404
    return event


def questions_of(event):
    """The questions (source language) as (translation key, label), in form order."""
    state = services.event_state(event)
    source = state.source_page() or event
    return [
        (str(q.translation_key), q.label, q.kind)
        for q in RegistrationQuestion.objects.filter(page=source).order_by("sort_order")
    ]


EXPORT_HEADER = [
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


def _stamp(value):
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else ""


def export_rows(event):
    """Header and one row per registration, as the database holds them."""
    state = services.event_state(event)
    questions = questions_of(event)
    header = [str(label) for label in EXPORT_HEADER] + [label for _key, label, _kind in questions]
    rows = []
    registrations = Registration.objects.filter(event=state).order_by("created_at", "pk")
    waiting = [r.pk for r in registrations if r.status == Registration.Status.WAITLISTED]
    waiting_order = sorted(
        (r for r in registrations if r.pk in set(waiting)),
        key=lambda r: (r.email_confirmed_at, r.pk),
    )
    position = {r.pk: n for n, r in enumerate(waiting_order, start=1)}
    for r in registrations:
        row = [
            r.name,
            r.email,
            r.organisation,
            r.language,
            r.get_status_display(),
            position.get(r.pk, ""),
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
        rows.append([cell if isinstance(cell, int) else _text(cell) for cell in row])
    return [_text(label) for label in header], rows


def _text(value):
    # Rows stored before the forms cleaned what visitors type may hold control characters,
    # which XML (so XLSX) cannot carry at all.
    return clean_visitor_text(str(value), multiline=True)


def _safe_cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _filename(event, extension):
    return f"registrations-{slugify(event.slug)[:60] or event.pk}.{extension}"


def export_csv(request, page_id):
    event = event_or_404(page_id)
    header, rows = export_rows(event)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so spreadsheet programs read UTF-8 (Arabic names) correctly
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    return response


def export_xlsx(request, page_id):
    from openpyxl import Workbook

    event = event_or_404(page_id)
    header, rows = export_rows(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([_safe_cell(cell) for cell in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response


class AddForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)

    def clean(self):
        cleaned = super().clean()
        for name in ("name", "email", "organisation"):
            if any(char in self.data.get(name, "") for char in FORBIDDEN):
                self.add_error(name, _("Line breaks are not allowed here."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Invitation list (CSV)"),
        help_text=gettext_lazy(
            "Columns: name, email and, optionally, language (en or ar). A header row is allowed."
        ),
    )


def parse_invite_csv(data, default_language):
    """([(name, email, language)], [(line number, error)]) from the uploaded CSV bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    languages = dict(settings.LANGUAGES)
    rows, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and len(cells) >= 2 and cells[1].lower() in ("email", "e-mail", "mail"):
            continue  # a header row
        if len(rows) >= MAX_IMPORT_ROWS:
            errors.append((number, _("Too many rows: at most %(n)d.") % {"n": MAX_IMPORT_ROWS}))
            break
        if len(cells) < 2:
            errors.append((number, _("Expected a name and an email address.")))
            continue
        name, email = cells[0], cells[1]
        language = cells[2].lower() if len(cells) > 2 and cells[2] else default_language
        if not name or len(name) > 200 or any(char in name for char in FORBIDDEN):
            errors.append((number, _("The name is missing or too long.")))
            continue
        try:
            validate_email(email)
            if len(email) > 254:
                raise forms.ValidationError("too long")
        except forms.ValidationError:
            message = _("“%(email)s” is not a valid email address.") % {"email": email[:100]}
            errors.append((number, message))
            continue
        if language not in languages:
            message = _("Unknown language “%(language)s”: use en or ar.") % {
                "language": language[:20]
            }
            errors.append((number, message))
            continue
        if email.casefold() in seen:
            errors.append((number, _("%(email)s appears twice in the file.") % {"email": email}))
            continue
        seen.add(email.casefold())
        rows.append((name, email, language))
    return rows, errors


class EventRegistrationsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/event.html"
    header_icon = "group"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.event = event_or_404(page_id)
        self.add_form = AddForm(initial={"language": self.event.locale.language_code})
        self.import_form = ImportForm()
        self.import_errors = []
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_title(self):
        return _("Registrations: %(event)s") % {"event": self.event.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("registrations_admin:index"), "label": _("Registrations")},
            {"url": "", "label": self.event.title},
        ]

    def post(self, request, page_id):
        action = request.POST.get("action")
        if action == "add":
            self.add_form = AddForm(request.POST)
            if self.add_form.is_valid():
                registration, created = services.add_by_editor(
                    self.event, self.add_form.cleaned_data
                )
                who = {"email": registration.email}
                if not created:
                    messages.warning(request, _("%(email)s is already registered.") % who)
                elif registration.status == Registration.Status.WAITLISTED:
                    messages.warning(
                        request,
                        _("Every seat is taken: %(email)s is on the waiting list.") % who,
                    )
                else:
                    messages.success(request, _("%(email)s is registered.") % who)
                return redirect(request.path)
        elif action == "invite":
            self.import_form = ImportForm(request.POST, request.FILES)
            if self.import_form.is_valid():
                upload = self.import_form.cleaned_data["file"]
                if upload.size > MAX_IMPORT_BYTES:
                    self.import_errors = [(0, _("The file is larger than 1 MB."))]
                else:
                    rows, self.import_errors = parse_invite_csv(
                        upload.read(), self.event.locale.language_code
                    )
                    if not self.import_errors:
                        state = services.event_state(self.event)
                        made = sum(
                            services.create_invite(state, name, email, language)[1]
                            for name, email, language in rows
                        )
                        messages.success(
                            request,
                            _("%(new)d invitations sent (%(old)d already invited).")
                            % {"new": made, "old": len(rows) - made},
                        )
                        return redirect(request.path)
        elif action in ("check_in", "cancel"):
            registration = Registration.objects.filter(
                pk=request.POST.get("registration"), event=services.event_state(self.event)
            ).first()
            if registration is None:
                raise Http404
            if action == "check_in":
                services.toggle_check_in(registration)
            else:
                services.cancel(registration)
                messages.success(
                    request,
                    _("Registration of %(email)s cancelled.") % {"email": registration.email},
                )
            return redirect(request.get_full_path())
        return self.get(request, page_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = services.event_state(self.event)
        status = self.request.GET.get("status", "")
        registrations = Registration.objects.filter(event=state).order_by("created_at", "pk")
        if status in Registration.Status.values:
            registrations = registrations.filter(status=status)
        counts = services.counts(state)
        base = reverse("registrations_admin:event", args=[self.event.pk])
        context.update(
            {
                "event": self.event,
                "state": state,
                "registrations": registrations,
                "status": status,
                "counts": counts,
                "filters": [("", _("All"), sum(counts.values()))]
                + [(value, label, counts[value]) for value, label in Registration.Status.choices],
                "seats_taken": counts["confirmed"] + counts["offered"],
                "questions": questions_of(self.event),
                "add_form": self.add_form,
                "import_form": self.import_form,
                "import_errors": self.import_errors,
                "invites": state.invites.order_by("-created_at")[:200],
                "base_url": base,
                "csv_url": reverse("registrations_admin:csv", args=[self.event.pk]),
                "xlsx_url": reverse("registrations_admin:xlsx", args=[self.event.pk]),
                "edit_url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
            }
        )
        return context


class IndexView(WagtailAdminTemplateMixin, TemplateView):
    """Events that take sign-ups (one line per event, its source language version)."""

    template_name = "registrations/admin/index.html"
    page_title = gettext_lazy("Registrations")
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = EventPage.objects.filter(
            registration_enabled=True, locale__language_code=settings.LANGUAGE_CODE
        ).order_by("-start")
        states = {
            state.translation_key: state
            for state in EventRegistrations.objects.filter(
                translation_key__in=[event.translation_key for event in events]
            )
        }
        rows = []
        for event in events:
            state = states.get(event.translation_key)
            rows.append(
                {
                    "event": event,
                    "counts": services.counts(state) if state else None,
                    "url": reverse("registrations_admin:event", args=[event.pk]),
                }
            )
        context["rows"] = rows
        return context
