"""Background translation syncs and what each one brought in; when scheduled publishing ran."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .status import language_name

# A job keeps at most this many per-page results; counters keep the full tally.
MAX_RESULTS = 1000


class SyncJob(models.Model):
    """Sync of a page (and optionally its subtree) into one locale, run by a Celery worker.

    The admin creates the row and returns at once; the worker fills in the counters as it
    goes, so the job page can show progress and, at the end, the result.
    """

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUS_CHOICES = [
        (QUEUED, _("Waiting for a worker")),
        (RUNNING, _("Running")),
        (DONE, _("Finished")),
        (FAILED, _("Failed")),
    ]

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_title = models.CharField(_("page title"), max_length=255)
    target_locale = models.ForeignKey(
        "wagtailcore.Locale", verbose_name=_("into"), on_delete=models.CASCADE, related_name="+"
    )
    include_subtree = models.BooleanField(_("include subpages"), default=False)
    create_missing = models.BooleanField(_("create missing translations"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=STATUS_CHOICES, default=QUEUED)
    total = models.PositiveIntegerField(_("pages to process"), null=True)
    processed = models.PositiveIntegerField(_("pages processed"), default=0)
    created = models.PositiveIntegerField(_("translations created"), default=0)
    updated = models.PositiveIntegerField(_("translations updated"), default=0)
    unchanged = models.PositiveIntegerField(_("already up to date"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    # Pages are processed in tree order; a job that runs out of its batch hands the rest
    # to a new task starting after this path, so no single task runs into the time limit.
    cursor = models.CharField(max_length=255, blank=True)
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True)
    finished_at = models.DateTimeField(_("finished at"), null=True)

    class Meta:
        verbose_name = _("translation sync")
        verbose_name_plural = _("translation syncs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.page_title} → {self.target_locale}"

    @property
    def target_language(self):
        return language_name(self.target_locale.language_code)

    @property
    def is_finished(self):
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self):
        if not self.total:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed / self.total))

    def progress(self):
        """What the job page polls for."""
        return {
            "status": self.status,
            "status_label": str(self.get_status_display()),
            "finished": self.is_finished,
            "total": self.total,
            "processed": self.processed,
            "percent": self.percent,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": self.failed,
        }


class SyncLog(models.Model):
    """What one sync brought from the source into a translation: shown to the translator."""

    source = models.ForeignKey(
        "wagtail_localize.TranslationSource", on_delete=models.CASCADE, related_name="+"
    )
    target_locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.CASCADE, related_name="+"
    )
    job = models.ForeignKey(SyncJob, null=True, on_delete=models.SET_NULL, related_name="logs")
    synced_at = models.DateTimeField(auto_now_add=True)
    synced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The source's last sync before this one: the changes are relative to it.
    previous_sync_at = models.DateTimeField(null=True)
    changes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-synced_at", "-pk"]
        indexes = [models.Index(fields=["source", "target_locale", "-synced_at"])]

    def __str__(self):
        return f"{self.source_id} → {self.target_locale_id} at {self.synced_at:%Y-%m-%d %H:%M}"


class CarriedOverTranslation(models.Model):
    """A translation brought forward to a changed source string, waiting for its translator.

    When a source segment changes, wagtail-localize has a new string with no translation.
    ``carry_over`` copies the previous translation to it (flagged ``has_error``, so nothing
    counts or publishes it yet) and records here what the source said when that translation
    was made, for the diff shown to the translator. Saving the segment removes this row.
    """

    translation = models.OneToOneField(
        "wagtail_localize.StringTranslation",
        on_delete=models.CASCADE,
        related_name="carried_over",
    )
    # The source text the translation was made for (HTML as wagtail-localize stores it).
    previous_source = models.TextField()
    carried_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"carried over to {self.translation_id}"


class SchedulerHeartbeat(models.Model):
    """When scheduled publishing last ran: one row, rewritten by every run (scheduling.py).

    In the database because beat's worker, ``run_scheduler`` and the web processes that warn
    about it are different processes, which share nothing else for sure.
    """

    ran_at = models.DateTimeField()

    def __str__(self):
        return f"scheduled publishing ran at {self.ran_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def beat(cls):
        cls.objects.update_or_create(pk=1, defaults={"ran_at": timezone.now()})
