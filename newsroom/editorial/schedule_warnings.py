"""The admin's warnings when scheduled publishing has stopped running (see scheduling.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.ui.components import Component

from . import scheduling

DASHBOARD_ROWS = 6


def when(moment):
    # As the schedule dialog shows it, in the editor's time zone.
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def last_run_sentence():
    ran_at = scheduling.last_run()
    if ran_at is None:
        return _("Scheduled publishing has never run on this site.")
    return _("Scheduled publishing last ran on %(date)s.") % {"date": when(ran_at)}


def start_it_sentence():
    return _(
        "Ask whoever runs the site to start the scheduler (Celery beat with a worker, or "
        "“manage.py run_scheduler”; “make run” starts one)."
    )


class OverduePanel(Component):
    """Dashboard: scheduled changes past their time while nothing runs scheduled publishing."""

    name = "editorial_overdue_schedule"
    template_name = "editorial/panels/overdue_schedule.html"
    order = 50  # above everything else: it explains why the site is not what editors expect

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {
            "summary": ngettext(
                "%(count)d scheduled change (going live or expiring) is past its time and "
                "has not happened.",
                "%(count)d scheduled changes (going live or expiring) are past their time and "
                "have not happened.",
                self.count,
            )
            % {"count": self.count},
            "last_run": last_run_sentence(),
            "start_it": start_it_sentence(),
            "pages": [
                (page, reverse("wagtailadmin_pages:edit", args=[page.pk]), when(go_live))
                for page, go_live in scheduling.overdue_pages(DASHBOARD_ROWS)
            ],
        }


def overdue_panel():
    """The dashboard panel, when there is something to warn about, else None."""
    count = scheduling.overdue()
    if count and not scheduling.has_run_recently():
        return OverduePanel(count)
    return None


def page_editor_warning(page):
    """What to tell the editor of a scheduled page when nothing will publish it, else None."""
    go_live = scheduling.go_live_at(page)
    if go_live is None or scheduling.has_run_recently():
        return None
    if go_live < timezone.now():
        first = _(
            "This page was due to go live on %(date)s, but scheduled publishing has not run "
            "in the last 5 minutes, so it is not live yet."
        )
    else:
        first = _(
            "This page is scheduled to go live on %(date)s, but scheduled publishing has not "
            "run in the last 5 minutes: it will not go live until it runs again."
        )
    return " ".join([first % {"date": when(go_live)}, last_run_sentence(), start_it_sentence()])
