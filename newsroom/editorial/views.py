"""Admin views: the translations report, a page's translation status, sync jobs, review."""

from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import Translation
from wagtail_localize.views.convert import convert_to_alias
from wagtail_localize.views.update_translations import UpdateTranslationsView

from . import status as translation_status
from .changes import changes_since_sync
from .models import SyncJob, SyncLog
from .permissions import EditablePages, can_translate
from .sync import save_translation_draft
from .tasks import start_job
from .text import html_message, isolated

PER_PAGE = 50


def safe_next(request, default=""):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


class TranslatorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_translate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportView(TranslatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every live page and its pair: exists, live, up to date; filter by section and language."""

    template_name = "editorial/report.html"
    page_title = gettext_lazy("Translations")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = translation_status.build_report()
        section = self.request.GET.get("section", "")
        language = self.request.GET.get("language", "")
        wanted = self.request.GET.get("status", "")
        if wanted and wanted not in translation_status.STATUS_LABELS | {
            translation_status.ATTENTION: ""
        }:
            wanted = ""
        pairs = report.filter(section=section, language=language, status=wanted)
        paginator = Paginator(pairs, PER_PAGE)
        page_obj = paginator.get_page(self.request.GET.get("p"))
        languages = [
            (locale.language_code, translation_status.language_name(locale.language_code))
            for locale in report.locales
        ]
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            {
                "pairs": page_obj.object_list,
                "page_obj": page_obj,
                "paginator": paginator,
                "result_count": len(pairs),
                "sections": report.sections,
                "languages": languages,
                "statuses": translation_status.STATUSES,
                "attention": translation_status.ATTENTION,
                "selected": {"section": section, "language": language, "status": wanted},
                "summary": [
                    {
                        "language": code,
                        "name": translation_status.language_name(code),
                        "counts": [
                            (status, translation_status.STATUS_LABELS[status], count)
                            for status, count in counts.items()
                            if count
                        ],
                    }
                    for code, counts in report.summary().items()
                ],
                "query": query.urlencode(),
                "current_url": self.request.get_full_path(),
            }
        )
        return context


class PageStatusView(TranslatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """One page's translations: status, what changed, sync (with the subtree), recent jobs."""

    template_name = "editorial/page_status.html"
    page_title = gettext_lazy("Translation status")
    header_icon = "site"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=page_id, depth__gt=1).specific
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("editorial:report"), "label": _("Translations")},
            {"url": "", "label": self.page.get_admin_display_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pairs = translation_status.pairs_for_page(self.page)
        editable = EditablePages(self.request.user)
        rows = []
        for pair in pairs:
            changes = []
            if pair.is_managed and pair.is_outdated:
                translation = Translation.objects.select_related("source").get(
                    pk=pair.translation_id
                )
                changes = changes_since_sync(translation.source)
            rows.append({"pair": pair, "changes": changes, "can_act": editable.can_act_on(pair)})
        source = Page.objects.get(pk=pairs[0].source.id) if pairs else self.page
        context.update(
            {
                "page": self.page,
                "source": source,
                "rows": rows,
                "descendant_count": source.get_descendants().filter(alias_of__isnull=True).count(),
                "jobs": SyncJob.objects.filter(page=source).select_related("target_locale")[:5],
                "current_url": self.request.get_full_path(),
            }
        )
        return context


@require_POST
def sync_view(request, page_id):
    """Start a background sync of a page (optionally with its subtree); never waits for it."""
    if not can_translate(request.user):
        raise PermissionDenied
    page = get_object_or_404(Page, pk=page_id, depth__gt=1)
    locale = get_object_or_404(Locale, language_code=request.POST.get("locale", ""))
    pair = next(
        (p for p in translation_status.pairs_for_page(page) if p.target_locale.pk == locale.pk),
        None,
    )
    if pair is None:
        raise Http404
    source = Page.objects.get(pk=pair.source.id)
    include_subtree = bool(request.POST.get("include_subtree"))
    create_missing = bool(request.POST.get("create_missing"))
    if not include_subtree and pair.exists:
        target = Page.objects.get(pk=pair.target.id)
        if not target.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
    job = start_job(
        source,
        locale,
        request.user,
        include_subtree=include_subtree,
        create_missing=create_missing or not pair.exists,
    )
    url = reverse("editorial:job", args=[job.pk])
    next_url = safe_next(request)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return redirect(url)


class JobView(TranslatorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Progress and, at the end, the result of a sync job."""

    template_name = "editorial/job.html"
    page_title = gettext_lazy("Translation sync")
    header_icon = "resubmit"

    def dispatch(self, request, job_id, *args, **kwargs):
        self.job = get_object_or_404(
            SyncJob.objects.select_related("target_locale", "requested_by", "page"), pk=job_id
        )
        return super().dispatch(request, job_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.job.page_title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("editorial:report"), "label": _("Translations")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        results = list(self.job.results)
        target_ids = [r["target"] for r in results if r.get("target")]
        pages = Page.objects.in_bulk(target_ids)
        for result in results:
            target = pages.get(result.get("target"))
            result["edit_url"] = (
                reverse("wagtailadmin_pages:edit", args=[target.pk]) if target else ""
            )
        context.update(
            {
                "job": self.job,
                "results": results,
                "target_language": translation_status.language_name(
                    self.job.target_locale.language_code
                ),
                "progress_url": reverse("editorial:job_progress", args=[self.job.pk]),
                "next_url": safe_next(self.request),
            }
        )
        return context


def job_progress(request, job_id):
    if not can_translate(request.user):
        raise PermissionDenied
    job = get_object_or_404(SyncJob, pk=job_id)
    return JsonResponse(job.progress())


@require_POST
def submit_for_review(request, translation_id):
    """Save the current translation as a draft revision and send it to the review workflow.

    The translation editor of wagtail-localize only offers "Publish"; a translator, who may
    not publish, submits here instead. The live page does not change until approval.
    """
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    try:
        page = translation.source.get_translated_instance(translation.target_locale)
    except Page.DoesNotExist as exc:
        raise Http404 from exc
    if not isinstance(page, Page):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    back = safe_next(request, reverse("wagtailadmin_pages:edit", args=[page.pk]))
    try:
        with transaction.atomic():
            page, _created = save_translation_draft(translation, request.user)
            page = Page.objects.get(pk=page.pk).specific
            state = page.current_workflow_state
            workflow = page.get_workflow()
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(request.user)
                message = _("'%(title)s' is back in review with your changes.")
            elif state is not None:
                message = _("'%(title)s' is still in review; the reviewer sees your changes.")
            elif workflow is not None:
                workflow.start(page, request.user)
                message = _("'%(title)s' has been submitted for review.")
            else:
                messages.warning(
                    request,
                    html_message(
                        _("'%(title)s' is saved as a draft; no review workflow applies to it."),
                        title=isolated(page.get_admin_display_title()),
                    ),
                )
                return redirect(back)
    except ValidationError as exc:
        messages.error(
            request,
            _("The translation could not be saved: %(errors)s")
            % {"errors": "; ".join(exc.messages)},
        )
        return redirect(back)
    messages.success(request, html_message(message, title=isolated(page.get_admin_display_title())))
    total, done = translation.get_progress()
    if done < total:
        messages.warning(
            request,
            _(
                "Segments not translated yet: %(count)s. Until they are, the %(language)s "
                "page shows the original text there."
            )
            % {
                "count": total - done,
                "language": translation_status.language_name(
                    translation.target_locale.language_code
                ),
            },
        )
    return redirect(back)


@require_POST
def review_action(request, page_id, action):
    """Approve (and so publish) or send back the translation waiting in review."""
    page = get_object_or_404(Page, pk=page_id).specific
    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        messages.error(request, _("This page is not waiting for review."))
        return redirect(safe_next(request, reverse("wagtailadmin_pages:edit", args=[page.pk])))
    task = state.current_task_state.task.specific
    allowed = {name for name, _label, _modal in task.get_actions(page, request.user)}
    if action not in allowed or action not in {"approve", "reject"}:
        raise PermissionDenied
    comment = request.POST.get("comment", "").strip()
    with transaction.atomic():
        task.on_action(state.current_task_state, request.user, action, comment=comment)
    title = isolated(page.get_admin_display_title())
    if action == "approve":
        message = _("'%(title)s' approved and published.")
    else:
        message = _("'%(title)s' sent back for changes.")
    messages.success(request, html_message(message, title=title))
    return redirect(safe_next(request, reverse("wagtailadmin_pages:edit", args=[page.pk])))


def latest_sync_log(translation, since=None):
    logs = SyncLog.objects.filter(
        source=translation.source, target_locale=translation.target_locale
    )
    if since is not None:
        logs = logs.filter(synced_at__gt=since)
    return logs.first()


def convert_to_alias_guard(request, page_id):
    """wagtail-localize's "Convert to alias page", for those who may publish only.

    Converting replaces the live translation with the source-language page at once, which
    would let a translator (who cannot publish) change what readers see without review.
    """
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert_to_alias(request, page_id)


class PublisherOnlyUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Update existing translations", whose "Publish immediately" is only
    offered to those who may publish every translation it would publish.

    Its own view lets anyone who may submit translations publish them (it never asks);
    the others update the translations as drafts and submit them for review.
    """

    template_name = "editorial/update_translations.html"

    def may_publish(self):
        user = self.request.user
        if user.is_superuser:
            return True
        for translation in self.object.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        ):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                target = None
            if target is None:
                # Publishing creates the translation, live, under its parent's translation.
                source = translation.source.get_source_instance()
                if isinstance(source, Page):
                    parent = source.get_parent()
                    parent = parent.get_translation_or_none(translation.target_locale) or parent
                    if not parent.permissions_for_user(user).can_publish_subpage():
                        return False
            elif isinstance(target, Page) and not target.permissions_for_user(user).can_publish():
                return False
        return True

    def get_form(self):
        form = super().get_form()
        if not self.may_publish():
            field = form.fields["publish_translations"]
            field.disabled = True
            field.help_text = _(
                "Only reviewers and editors publish. Update the translations here, then submit "
                "them for review from the translation editor."
            )
        return form

    def form_valid(self, form):
        if (
            self.request.POST.get("publish_translations")
            and form.fields["publish_translations"].disabled
        ):
            messages.warning(
                self.request,
                _(
                    "The translations were updated but not published: only reviewers and "
                    "editors publish. Submit them for review from the translation editor."
                ),
            )
        return super().form_valid(form)
