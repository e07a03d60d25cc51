"""Where wagtail-localize and Wagtail do not follow the admin's interface language.

- wagtail-localize dates a saved segment with ``strftime("%-d %B %Y")``: the month name comes
  from the server's C locale, so an Arabic admin reads "5 December 2026". The comment is made
  here with Django's date format of the active language instead ("5 ديسمبر، 2026").
- Wagtail builds its "What's new in Wagtail" help item once, at start-up, in the server's
  language; ``localised_help_menu`` gives each request a copy labelled in its language.

Strings that wagtail-localize's editor has no gettext call for (its header, "More actions")
are rewritten in the browser (static/editorial/translation-editor-strings.js).
"""

import copy

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.utils.version import get_main_version
from wagtail_localize.models import StringTranslation

WHATS_NEW = "whats-new-in-wagtail-"


def string_translation_comment(translation):
    """wagtail-localize's comment on a saved segment, dated in the interface language."""
    when = date_format(localtime(translation.updated_at), "DATE_FORMAT")
    if translation.tool_name:
        return _("Translated with {tool_name} on {date}").format(
            tool_name=translation.tool_name, date=when
        )
    if translation.translation_type == StringTranslation.TRANSLATION_TYPE_MANUAL:
        return _("Translated manually on {date}").format(date=when)
    if translation.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE:
        return _("Machine translated on {date}").format(date=when)
    return None


def install():
    StringTranslation.get_comment = string_translation_comment


def localised_help_menu(menu_items):
    """Replace the help item Wagtail labelled at start-up with one labelled for this request."""
    version = get_main_version(include_patch=False)
    for position, item in enumerate(menu_items):
        if item.name.startswith(WHATS_NEW):
            item = copy.copy(item)
            item.label = _("What's new in Wagtail %(version)s") % {"version": version}
            menu_items[position] = item
