"""What the panel above wagtail-localize's translation editor tells the translator: the
pair's status, what changed in the source, links that fall back to the other language, and
what the translator may do next (sync, publish, send to review, approve)."""

from django.urls import reverse

from .changes import changes_since_sync
from .models import SyncLog
from .permissions import can_translate
from .references import page_references
from .status import DRAFT, PENDING, language_name, pairs_for_page


def _pair(page, locale):
    """The page's pair into ``locale``, or None while the translation does not exist."""
    return next(
        (p for p in pairs_for_page(page) if p.target_locale.pk == locale.pk and p.exists), None
    )


def _news(pair, translation, page):
    """(changes, log): the source's changes since the last sync while the translation is
    outdated; otherwise the last sync's log, if it brought something not published yet."""
    if pair is not None and pair.is_outdated:
        return changes_since_sync(translation.source), None
    log = (
        SyncLog.objects.filter(source=translation.source, target_locale=translation.target_locale)
        .exclude(changes=[])
        .first()
    )
    # Only what is not published in the translation yet is news to the translator.
    if log is not None and page.last_published_at and log.synced_at < page.last_published_at:
        log = None
    return [], log


def _review_actions(page, state, user):
    """The reviewer's actions (approve, reject) the user may take on the current task."""
    if state is None or state.current_task_state is None:
        return []
    task = state.current_task_state.task.specific
    return [
        name
        for name, _label, _modal in task.get_actions(page, user)
        if name in ("approve", "reject")
    ]


def panel(request, translation, page, reviews=None):
    """The panel's context for ``translation`` of the page ``page``."""
    locale = translation.target_locale
    pair = _pair(page, locale)
    changes, log = _news(pair, translation, page)
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    references = page_references(draft)
    perms = page.permissions_for_user(request.user)
    state = page.current_workflow_state
    return {
        "request": request,
        "page": page,
        "pair": pair,
        "translation": translation,
        "reviews": reviews or {},
        "changes": changes,
        "log": log,
        "references": references,
        "problems": [ref for ref in references if ref.is_problem],
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
        "review_actions": _review_actions(page, state, request.user),
        "current_url": request.get_full_path(),
        "status_url": reverse("editorial:page", args=[page.pk]),
    }
