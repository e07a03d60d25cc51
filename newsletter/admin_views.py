"""Wagtail admin: per-send counts, subscriber numbers, digest preview and a test send."""

from datetime import timedelta

from csp.decorators import csp_exempt
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from newsroom.content.models import Topic
from newsroom.core import languages
from newsroom.core.mail import message_id as new_message_id

from . import content
from .emails import MessageTemplate
from .forms import topic_choices
from .mailer import newsletter_connection
from .models import Delivery, Send, Subscriber

PERMISSION = "newsletter.view_send"
SENDS_SHOWN = 30


def can_manage(user):
    return user.is_active and user.has_perm(PERMISSION)


class PreviewForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Message"),
        choices=[
            (Send.Kind.DAILY, gettext_lazy("Daily digest")),
            (Send.Kind.WEEKLY, gettext_lazy("Weekly digest")),
            ("welcome", gettext_lazy("Welcome email")),
        ],
        initial=Send.Kind.WEEKLY,
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=languages.choices, initial=settings.LANGUAGE_CODE
    )
    topics = forms.MultipleChoiceField(
        label=gettext_lazy("Topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None: everything."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = topic_choices(settings.LANGUAGE_CODE)

    def cleaned_or_initial(self):
        if self.is_bound and self.is_valid():
            return self.cleaned_data
        return {"kind": Send.Kind.WEEKLY, "language": settings.LANGUAGE_CODE, "topics": []}


def preview_template(kind, language, topic_slugs):
    """The message a subscriber with these choices would get now."""
    keys = sorted(
        {
            str(key)
            for key in Topic.objects.filter(slug__in=topic_slugs).values_list(
                "translation_key", flat=True
            )
        }
    )
    now = timezone.now()
    if kind == "welcome":
        items = content.latest(language, keys)
        template_name = "welcome"
    else:
        days = 1 if kind == Send.Kind.DAILY else 7
        items = content.pages(language, keys, since=now - timedelta(days=days), until=now)
        template_name = "digest"
    context = {
        "items": items,
        "count": len(items),
        "frequency": kind,
        "subscriber_frequency": kind if kind != "welcome" else Send.Kind.WEEKLY,
    }
    return MessageTemplate.render(template_name, language, context), items


def preview_links(language):
    signup = settings.SITE_URL + f"/{language}/newsletter/"
    return {"unsubscribe_url": signup, "preferences_url": signup, "list_unsubscribe": f"<{signup}>"}


class ManagerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class DashboardView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsletter/admin/dashboard.html"
    page_title = gettext_lazy("Newsletter")
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = Delivery.Status
        sends = Send.objects.annotate(
            queued=Count(
                "deliveries", filter=Q(deliveries__status__in=(status.PENDING, status.SENDING))
            ),
            sent=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
            bounced=Count("deliveries", filter=Q(deliveries__status=status.BOUNCED)),
        ).order_by("-created_at", "-pk")[:SENDS_SHOWN]
        subscribers = Subscriber.objects.values("status").annotate(n=Count("pk"))
        by_status = {row["status"]: row["n"] for row in subscribers}
        audience = (
            Subscriber.objects.receiving()
            .values("language", "frequency")
            .annotate(n=Count("pk"))
            .order_by("language", "frequency")
        )
        form = PreviewForm(self.request.GET or None)
        choice = form.cleaned_or_initial()
        query = self.request.GET.urlencode()
        template, items = preview_template(choice["kind"], choice["language"], choice["topics"])
        context.update(
            {
                "sends": sends,
                "statuses": [
                    (label, by_status.get(value, 0)) for value, label in Subscriber.Status.choices
                ],
                "audience": [
                    {
                        "language": dict(settings.LANGUAGES).get(row["language"], row["language"]),
                        "frequency": dict(Subscriber._meta.get_field("frequency").choices).get(
                            row["frequency"], row["frequency"]
                        ),
                        "n": row["n"],
                    }
                    for row in audience
                ],
                "form": form,
                "subject": template.rendered.subject,
                "text": template.rendered.text,
                "item_count": len(items),
                "preview_url": reverse("newsletter_admin:preview") + (f"?{query}" if query else ""),
                "test_url": reverse("newsletter_admin:test") + (f"?{query}" if query else ""),
                "user_email": self.request.user.email,
            }
        )
        return context


@xframe_options_sameorigin
@csp_exempt()  # an email's HTML is all inline styles; admin-only, our own rendering
def preview(request):
    """The HTML part, alone, for the dashboard's iframe."""
    if not can_manage(request.user):
        raise PermissionDenied
    choice = PreviewForm(request.GET or None).cleaned_or_initial()
    template, _items = preview_template(choice["kind"], choice["language"], choice["topics"])
    html = template.rendered.html
    links = preview_links(choice["language"])
    for name in ("unsubscribe_url", "preferences_url"):
        html = html.replace(template.placeholders[name], links[name])
    return HttpResponse(html)


def send_test(request):
    """Send the previewed message to the editor's own address."""
    if not can_manage(request.user) or request.method != "POST":
        raise PermissionDenied
    back = reverse("newsletter_admin:dashboard") + (
        f"?{request.GET.urlencode()}" if request.GET else ""
    )
    address = request.user.email
    if not address:
        messages.error(request, _("Your account has no email address to send the test to."))
        return redirect(back)
    choice = PreviewForm(request.GET or None).cleaned_or_initial()
    template, _items = preview_template(choice["kind"], choice["language"], choice["topics"])
    template.rendered.subject = _("[Test] %(subject)s") % {"subject": template.rendered.subject}
    email = template.personalise(
        address, preview_links(choice["language"]), new_message_id("newsletter")
    )
    try:
        with newsletter_connection() as connection:
            connection.send_messages([email])
    except Exception as exc:  # the editor wants to see why, not a 500
        messages.error(request, _("The test could not be sent: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Test sent to %(address)s.") % {"address": address})
    return redirect(back)
