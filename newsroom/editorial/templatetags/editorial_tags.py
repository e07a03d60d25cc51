import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Page

from newsroom.core.i18n import is_rtl

from .. import carry_over, translation_panel
from ..status import language_name
from ..text import isolated

register = template.Library()


def _direction(locale):
    """(language code, direction) of a Locale or a language code; empty for anything else, so
    a screen whose content has no language yet still renders (the fields keep the admin's)."""
    code = getattr(locale, "language_code", locale)
    if not code or not isinstance(code, str):
        return "", ""
    return code, "rtl" if is_rtl(code) else "ltr"


@register.simple_tag
def editorial_editor_script(locale, source_locale=None, editor="page"):
    """The script that sets ``dir``/``lang`` on the editor's fields for the content's language.

    The language comes from the server (the edited page's locale), in data attributes: no
    inline script, so the admin keeps working under a strict Content-Security-Policy.
    """
    lang, direction = _direction(locale)
    source_lang, source_direction = _direction(source_locale)
    return format_html(
        '<script src="{}" data-editor="{}" data-content-lang="{}" data-content-dir="{}" '
        'data-source-lang="{}" data-source-dir="{}" defer></script>',
        static("editorial/editor-direction.js"),
        editor,
        lang,
        direction,
        source_lang,
        source_direction,
    )


@register.simple_tag
def editorial_carried_over(translation):
    """Segments of ``translation`` holding a carried-over translation to review (by id)."""
    return carry_over.reviews(translation)


@register.simple_tag
def editorial_translation_props(props, translation, reviews):
    """wagtail-localize's editor props, with the carried-over segments flagged for review.

    The editor shows a translation's ``error`` beside it, with a warning sign: that is where
    the translator reads what changed. ``previousSource`` and ``sourceDiff`` keep the diff in
    the data too. Saving the segment (which clears the flag) is the review.
    """
    if not reviews:
        return props
    data = json.loads(props)
    language = language_name(translation.source.locale.language_code)
    for segment in data["segments"]:
        review = reviews.get(segment["id"]) if segment["type"] == "string" else None
        if review:
            segment["previousSource"] = review["previous_source"]
            segment["sourceDiff"] = review["diff"]
    for string_translation in data["initialStringTranslations"]:
        review = reviews.get(string_translation["segment_id"])
        if not review:
            continue
        note = _(
            "Needs review: the %(language)s text changed (%(changes)s). This is the previous "
            "translation: edit it, or save it as it is."
        ) % {"language": language, "changes": review["summary"]}
        # A problem of its own (a link the new text no longer has) is still said.
        error = string_translation.get("error")
        if error and error != carry_over.STORED_NOTE:
            note = f"{note} {error}"
        string_translation["error"] = note
        string_translation["needsReview"] = True
    return json.dumps(data, cls=DjangoJSONEncoder)


@register.inclusion_tag("editorial/includes/translation_panel.html", takes_context=True)
def editorial_translation_panel(context, translation, instance, reviews=None):
    """Status, changes, fallbacks and review actions above wagtail-localize's editor."""
    if not isinstance(instance, Page):
        return {"show": False}
    return {
        "show": True,
        "csrf_token": context.get("csrf_token"),
        **translation_panel.panel(context["request"], translation, instance, reviews),
    }


@register.simple_tag
def editorial_translations_for_cascade(page, user, action):
    """The other-language versions of ``page`` and whether ``user`` may ``action`` them too."""
    found = []
    for other in page.get_translations().filter(alias_of__isnull=True).select_related("locale"):
        other = other.specific
        perms = other.permissions_for_user(user)
        allowed = perms.can_delete() if action == "delete" else perms.can_unpublish()
        if action == "unpublish" and not other.live:
            continue
        found.append(
            {
                "page": other,
                "language": language_name(other.locale.language_code),
                "title": isolated(other.get_admin_display_title()),
                "allowed": allowed,
                "descendants": other.get_descendants().filter(alias_of__isnull=True).count(),
            }
        )
    return found
