"""The organisation's profile in the admin: under Settings, translatable like any snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OrganisationProfile


class OrganisationProfileViewSet(SnippetViewSet):
    model = OrganisationProfile
    icon = "site"
    menu_label = _("Organisation")
    menu_name = "organisation"
    add_to_settings_menu = True
    menu_order = 150  # first under Settings: it is what a new site sets up first
    list_display = ["name", "locale"]


register_snippet(OrganisationProfileViewSet)
