from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail.models import Page

from ..models import SyncLog
from ..permissions import can_translate
from ..references import page_references
from ..status import DRAFT, PENDING, is_rtl, language_name, pairs_for_page
from ..text import isolated

register = template.Library()


def _direction(locale):
    if locale is None:
        return "", ""
    code = locale.language_code
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


@register.inclusion_tag("editorial/includes/translation_panel.html", takes_context=True)
def editorial_translation_panel(context, translation, instance):
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
