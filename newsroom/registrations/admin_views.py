"""Wagtail admin: the registrations of each event (filters, counts, check-in), its CSV and
XLSX exports (``exports``), adding someone by hand and importing an invitation list
(``invite_list``).

Registrations hold personal data, so every view here (see wagtail_hooks, which wraps them
all) is for holders of the ``registrations.manage_attendees`` permission (the demo's "Event
managers") and superusers only, whichever language version of the event the URL names:
editing an event page, as a translator does, shows none of it.
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from newsroom.core import languages
from newsroom.core.forms import refuse_line_breaks
from newsroom.events.deadlines import sign_up_settings
from newsroom.events.models import EventPage

from . import exports, invite_list, services
from .models import EventRegistrations, Registration

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


def export_csv(request, page_id):
    event = event_or_404(page_id)
    response = HttpResponse(exports.as_csv(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(event, "csv")}"'
    return response


def export_xlsx(request, page_id):
    event = event_or_404(page_id)
    response = HttpResponse(exports.as_xlsx(event), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(event, "xlsx")}"'
    return response


class AddForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("Email"), max_length=254)
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"), max_length=200, required=False
    )
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=languages.choices)

    def clean(self):
        cleaned = super().clean()
        refuse_line_breaks(self, ("name", "email", "organisation"))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Invitation list (CSV)"),
        help_text=gettext_lazy(
            "Columns: name, email and, optionally, language (en or ar). A header row is allowed."
        ),
    )


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
        """Each action answers with a redirect when done, or None to show the page again
        with the form's errors."""
        handlers = {
            "add": self._add,
            "invite": self._invite,
            "check_in": self._check_in,
            "cancel": self._cancel,
        }
        handler = handlers.get(request.POST.get("action"))
        response = handler(request) if handler else None
        return response or self.get(request, page_id)

    def _add(self, request):
        self.add_form = AddForm(request.POST)
        if not self.add_form.is_valid():
            return None
        registration, created = services.add_by_editor(self.event, self.add_form.cleaned_data)
        who = {"email": registration.email}
        if not created:
            messages.warning(request, _("%(email)s is already registered.") % who)
        elif registration.status == Registration.Status.WAITLISTED:
            messages.warning(
                request, _("Every seat is taken: %(email)s is on the waiting list.") % who
            )
        else:
            messages.success(request, _("%(email)s is registered.") % who)
        return redirect(request.path)

    def _invite(self, request):
        self.import_form = ImportForm(request.POST, request.FILES)
        if not self.import_form.is_valid():
            return None
        upload = self.import_form.cleaned_data["file"]
        if upload.size > invite_list.MAX_BYTES:
            self.import_errors = [(0, _("The file is larger than 1 MB."))]
            return None
        rows, self.import_errors = invite_list.parse(upload.read(), self.event.locale.language_code)
        if self.import_errors:
            return None
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

    def _registration(self, request):
        registration = Registration.objects.filter(
            pk=request.POST.get("registration"), event=services.event_state(self.event)
        ).first()
        if registration is None:
            raise Http404
        return registration

    def _check_in(self, request):
        services.toggle_check_in(self._registration(request))
        return redirect(request.get_full_path())

    def _cancel(self, request):
        registration = self._registration(request)
        services.cancel(registration)
        messages.success(
            request, _("Registration of %(email)s cancelled.") % {"email": registration.email}
        )
        return redirect(request.get_full_path())

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
                "sign_ups": sign_up_settings(self.event),
                "state": state,
                "registrations": registrations,
                "status": status,
                "counts": counts,
                "filters": [("", _("All"), sum(counts.values()))]
                + [(value, label, counts[value]) for value, label in Registration.Status.choices],
                "seats_taken": counts["confirmed"] + counts["offered"],
                "questions": exports.questions_of(self.event),
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
            sign_up_settings__enabled=True, locale__language_code=settings.LANGUAGE_CODE
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
                    "sign_ups": sign_up_settings(event),
                    "counts": services.counts(state) if state else None,
                    "url": reverse("registrations_admin:event", args=[event.pk]),
                }
            )
        context["rows"] = rows
        return context
