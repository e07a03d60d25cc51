"""Registrations in Wagtail: a menu item and a "Registrations" button on events in the admin,
for those who may see attendees (admin_views.can_manage_attendees) and nobody else; and the
status and caching of event and invitation pages, which carry the sign-up box."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.utils.urlpatterns import decorate_urlpatterns

from newsroom.events.models import EventPage, InvitationPage

from . import admin_views, views


def _urls():
    # Every view of attendees, present and future, behind the one check.
    return decorate_urlpatterns(_views(), admin_views.attendees_only)


def _views():
    return [
        path("", admin_views.IndexView.as_view(), name="index"),
        path("<int:page_id>/", admin_views.EventRegistrationsView.as_view(), name="event"),
        path("<int:page_id>/registrations.csv", admin_views.export_csv, name="csv"),
        path("<int:page_id>/registrations.xlsx", admin_views.export_xlsx, name="xlsx"),
    ]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "registrations/",
            include((_urls(), "registrations_admin"), namespace="registrations_admin"),
        )
    ]


@hooks.register("register_permissions")
def attendees_permission():
    """So administrators can grant it to a group in Settings → Groups."""
    app_label, codename = admin_views.ATTENDEES_PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_attendees(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return RegistrationsMenuItem(
        gettext_lazy("Registrations"),
        reverse("registrations_admin:index"),
        icon_name="group",
        order=850,
    )


def _button(page, user, priority):
    if page.specific_class is not EventPage or not admin_views.can_manage_attendees(user):
        return
    if not EventPage.objects.filter(pk=page.pk, sign_up_settings__enabled=True).exists():
        return
    yield Button(
        gettext_lazy("Registrations"),
        reverse("registrations_admin:event", args=[page.pk]),
        icon_name="group",
        priority=priority,
    )


@hooks.register("register_page_header_buttons")
def page_header_buttons(page, user, view_name, next_url=None):
    yield from _button(page, user, 45)


@hooks.register("register_page_listing_more_buttons")
def page_listing_more_buttons(page, user, next_url=None):
    yield from _button(page, user, 45)


# Order 1: inside Wagtail's view-restriction check (order 0), so a restricted page is refused
# before anything here runs.
@hooks.register("on_serve_page", order=1)
def sign_up_box_response(serve):
    def serve_page(page, request, serve_args, serve_kwargs):
        response = serve(page, request, serve_args, serve_kwargs)
        if not isinstance(page, EventPage | InvitationPage):
            return response
        box = views.sign_up_box(request, page)
        if box is not None and box["invite_error"]:
            response.status_code = 403
        if request.GET.get("invite"):
            # A personal invitation link fills the form with the invitee's name: never shared.
            patch_cache_control(response, private=True, no_store=True)
        return response

    return serve_page
