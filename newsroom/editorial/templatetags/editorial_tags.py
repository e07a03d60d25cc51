import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import Page

from .. import carry_over
from ..models import SyncLog
from ..permissions import can_translate
from ..references import page_references
from ..status import DRAFT, PENDING, is_rtl, language_name, pairs_for_page
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
    request = context["request"]
    if not isinstance(instance, Page):
        return {"show": False}
    page = instance
    locale = translation.target_locale
    pair = next(
        (p for p in pairs_for_page(page) if p.target_locale.pk == locale.pk and p.exists), None
    )
    changes, log = [], None
    if pair is not None and pair.is_outdated:
        from ..changes import changes_since_sync

        changes = changes_since_sync(translation.source)
    else:
        log = (
            SyncLog.objects.filter(source=translation.source, target_locale=locale)
            .exclude(changes=[])
            .first()
        )
        # Only what is not published in the translation yet is news to the translator.
        if log is not None and page.last_published_at and log.synced_at < page.last_published_at:
            log = None
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    references = page_references(draft)
    problems = [ref for ref in references if ref.is_problem]
    perms = page.permissions_for_user(request.user)
    state = page.current_workflow_state
    review_actions = []
    if state is not None and state.current_task_state is not None:
        task = state.current_task_state.task.specific
        review_actions = [
            name
            for name, _label, _modal in task.get_actions(page, request.user)
            if name in ("approve", "reject")
        ]
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "page": page,
        "pair": pair,
        "translation": translation,
        "reviews": reviews or {},
        "changes": changes,
        "log": log,
        "references": references,
        "problems": problems,
        "source_language": language_name(translation.source.locale.language_code),
        "target_language": language_name(locale.language_code),
        "target_lang": locale.language_code,
        "can_sync": can_translate(request.user) and perms.can_edit(),
        "can_publish": perms.can_publish(),
        "can_edit": perms.can_edit(),
        "workflow": page.get_workflow(),
        # Something to send to the reviewer: unpublished changes, or a review under way.
        "needs_review": state is not None
        or pair is None
        or pair.status in (PENDING, DRAFT)
        or page.has_unpublished_changes,
        "workflow_state": state,
        "review_actions": review_actions,
        "current_url": request.get_full_path(),
        "status_url": reverse("editorial:page", args=[page.pk]),
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
