"""The Newsletter item of the Wagtail admin menu (for users with newsletter.view_send)."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


def _urls():
    return [
        path("", admin_views.DashboardView.as_view(), name="dashboard"),
        path("preview/", admin_views.preview, name="preview"),
        path("test/", admin_views.send_test, name="test"),
    ]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("newsletter/", include((_urls(), "newsletter_admin"), namespace="newsletter_admin"))
    ]


class NewsletterMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return NewsletterMenuItem(
        gettext_lazy("Newsletter"),
        reverse("newsletter_admin:dashboard"),
        icon_name="mail",
        order=900,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(content_type__app_label="newsletter", codename="view_send")
