"""The organisation's profile in the admin (under Settings, translatable like any snippet), and
page forms whose ids are the same in every language (``panels.settle_identifiers``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OrganisationProfile
from .panels import settle_identifiers


class OrganisationProfileViewSet(SnippetViewSet):
    model = OrganisationProfile
    icon = "site"
    menu_label = _("Organisation")
    menu_name = "organisation"
    add_to_settings_menu = True
    menu_order = 150  # first under Settings: it is what a new site sets up first
    list_display = ["name", "locale"]


register_snippet(OrganisationProfileViewSet)


@hooks.register("before_create_page")
def settle_create_form_ids(request, parent_page, page_class):
    settle_identifiers(page_class.get_edit_handler())


@hooks.register("before_edit_page")
def settle_edit_form_ids(request, page):
    settle_identifiers(page.specific_class.get_edit_handler())
