"""Wagtail admin integration of the editorial workflow."""

from collections import Counter

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.models import Page
from wagtail_localize.models import Translation

from . import schedule_warnings, urls, views
from .admin_language import localised_help_menu
from .permissions import EditablePages, can_translate
from .references import page_references
from .status import OUTDATED, STATUSES, build_report, language_name, pairs_for_page
from .text import html_message, isolated

CASCADE_FIELD = "editorial_also_translations"
DASHBOARD_ROWS = 6
# Most urgent first on the dashboard.
DASHBOARD_ORDER = {"outdated": 0, "missing": 1, "pending": 2, "draft": 3}


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        # Same path as wagtail-localize's view, registered before it (this app comes first):
        # converting a translation to an alias needs the right to publish.
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            views.convert_to_alias_guard,
            name="editorial_convert_to_alias",
        ),
        # Likewise: "Publish immediately" there is for those who may publish.
        path(
            "localize/update/<int:translation_source_id>/",
            views.PublisherOnlyUpdateTranslationsView.as_view(),
            name="editorial_update_translations",
        ),
        path("editorial/", include((urls, "editorial"), namespace="editorial")),
    ]


@hooks.register("construct_page_action_menu")
def hide_convert_to_alias(menu_items, request, context):
    """wagtail-localize offers "Convert to alias page" to every editor; it publishes."""
    page = context.get("page")
    if context.get("view") != "edit" or page.permissions_for_user(request.user).can_publish():
        return
    menu_items[:] = [item for item in menu_items if item.name != "localize-convert-to-alias"]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_translate(request.user)


@hooks.register("register_reports_menu_item")
def register_translations_report():
    return TranslationsMenuItem(
        gettext_lazy("Translations"), reverse("editorial:report"), icon_name="site", order=50
    )


@hooks.register("construct_reports_menu")
def hide_localize_report(request, menu_items):
    """wagtail-localize's own "Translations" report lists jobs, not pages; ours replaces it."""
    theirs = reverse("wagtail_localize:translations_report")
    menu_items[:] = [item for item in menu_items if getattr(item, "url", None) != theirs]


@hooks.register("construct_help_menu")
def help_menu_in_the_interface_language(request, menu_items):
    localised_help_menu(menu_items)


@hooks.register("insert_global_admin_css")
def editorial_css():
    return format_html('<link rel="stylesheet" href="{}">', static("editorial/editorial.css"))


def _timestamp(pair):
    published = pair.source.last_published_at
    return published.timestamp() if published else 0


class TranslationsPanel(Component):
    """Dashboard: pairs needing work, in the languages the user can work on."""

    name = "editorial_translations"
    template_name = "editorial/panels/translations.html"
    order = 150

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        report = build_report()
        editable = EditablePages(request.user)
        mine = [pair for pair in report.pairs if editable.can_act_on(pair)]
        attention = sorted(
            (pair for pair in mine if pair.needs_attention),
            key=lambda pair: (DASHBOARD_ORDER.get(pair.status, 9), -_timestamp(pair)),
        )
        counts = {}
        for pair in mine:
            language = counts.setdefault(pair.target_locale.language_code, Counter())
            language[pair.status] += 1
        summary = [
            {
                "language": code,
                "name": language_name(code),
                "counts": [
                    (status, label, found[status]) for status, label in STATUSES if found[status]
                ],
            }
            for code, found in counts.items()
        ]
        return {
            "request": request,
            "pairs": attention[:DASHBOARD_ROWS],
            "more": max(0, len(attention) - DASHBOARD_ROWS),
            "summary": summary,
            "report_url": reverse("editorial:report"),
            "csrf_token": parent_context.get("csrf_token"),
        }


@hooks.register("construct_homepage_panels")
def add_translations_panel(request, panels):
    if can_translate(request.user):
        panels.append(TranslationsPanel())


@hooks.register("register_page_header_buttons")
def translation_status_button(page, user, next_url=None, view_name=None):
    if page.is_root() or not can_translate(user):
        return []
    return [
        Button(
            _("Translation status"),
            reverse("editorial:page", args=[page.pk]),
            icon_name="site",
            priority=70,
        )
    ]


def _is_synced_translation(page):
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).exists()


@hooks.register("before_edit_page")
def explain_translation_state(request, page):
    """In the plain page editor: say when the page is outdated or falls back to its source.

    (A translation synced by wagtail-localize opens in the translation editor, which shows
    the same in its own panel.) Never answers the request itself.
    """
    if request.method != "GET" or page.alias_of_id or _is_synced_translation(page):
        return None
    for pair in pairs_for_page(page):
        if pair.target is not None and pair.target.id == page.pk and pair.status == OUTDATED:
            messages.warning(
                request,
                _(
                    "The %(language)s version was published on %(date)s, after this "
                    "translation was last brought up to date."
                )
                % {
                    "language": pair.source_language_name,
                    "date": pair.source.last_published_at.strftime("%Y-%m-%d %H:%M"),
                },
                buttons=[
                    messages.button(
                        reverse("editorial:page", args=[page.pk]), _("Translation status")
                    )
                ],
            )
    draft = page.get_latest_revision_as_object() if page.latest_revision_id else page
    problems = [ref for ref in page_references(draft) if ref.is_problem]
    if problems:
        messages.warning(
            request,
            format_html(
                "{}<ul>{}</ul>",
                _("Some chosen items have no published version in this page's language:"),
                format_html_join(
                    "",
                    "<li>{}: {} ({})</li>",
                    ((ref.field, ref.chosen, ref.outcome_label) for ref in problems),
                ),
            ),
        )
    return None


@hooks.register("after_publish_page")
def say_translation_is_outdated(request, page):
    for pair in pairs_for_page(page):
        if pair.source.id == page.pk and pair.exists and pair.is_outdated:
            messages.warning(
                request,
                html_message(
                    _(
                        "Its %(language)s translation “%(title)s” is now outdated. Sync it so "
                        "the translator sees what changed."
                    ),
                    language=pair.target_language_name,
                    title=isolated(pair.target.title),
                ),
                buttons=[
                    messages.button(
                        reverse("editorial:page", args=[page.pk]), _("Translation status")
                    )
                ],
            )


def _chosen_translations(request, page, action):
    """The translations the user ticked on the confirmation page, if allowed to act on them."""
    wanted = set(request.POST.getlist(CASCADE_FIELD))
    if not wanted:
        return []
    chosen = []
    for other in Page.objects.filter(
        translation_key=page.translation_key, alias_of__isnull=True
    ).exclude(pk=page.pk):
        if str(other.pk) not in wanted:
            continue
        other = other.specific
        perms = other.permissions_for_user(request.user)
        if (action == "delete" and perms.can_delete()) or (
            action == "unpublish" and perms.can_unpublish()
        ):
            chosen.append(other)
    return chosen


@hooks.register("after_delete_page")
def delete_translations_too(request, page):
    for other in _chosen_translations(request, page, "delete"):
        title = other.get_admin_display_title()
        DeletePageAction(other, user=request.user).execute(skip_permission_checks=True)
        messages.success(
            request,
            html_message(
                _("Its %(language)s translation “%(title)s” was deleted too."),
                language=language_name(other.locale.language_code),
                title=isolated(title),
            ),
        )


@hooks.register("after_unpublish_page")
def unpublish_translations_too(request, page):
    include_descendants = bool(request.POST.get("include_descendants"))
    for other in _chosen_translations(request, page, "unpublish"):
        UnpublishPageAction(
            other, user=request.user, include_descendants=include_descendants
        ).execute(skip_permission_checks=True)
        messages.success(
            request,
            html_message(
                _("Its %(language)s translation “%(title)s” was unpublished too."),
                language=language_name(other.locale.language_code),
                title=isolated(other.get_admin_display_title()),
            ),
        )


@hooks.register("construct_homepage_panels")
def warn_about_overdue_schedule(request, panels):
    panel = schedule_warnings.overdue_panel()
    if panel is not None:
        panels.append(panel)


@hooks.register("before_edit_page")
def warn_that_schedule_is_stuck(request, page):
    warning = schedule_warnings.page_editor_warning(page) if request.method == "GET" else None
    if warning:
        messages.warning(request, warning)
