"""Nobody makes a page go live, or schedules it to, without the right to publish it.

Wagtail checks that right in its own views and actions (page editor, bulk publish, workflow
approval, copy with "publish copies", revisions, the admin API). Code that publishes *for*
the user without naming them does not: wagtail-localize's translation writer
(``Translation.save_target``) saves the translated content into the page row, which is what
readers see, and publishes from an on-commit callback with no user at all. Its update view
("Publish immediately") and its "Convert to alias page" reach readers that way.

So the rule is enforced where every one of those paths ends: when a page row is written
while it is live, or a revision is approved to go live at a date, during an admin request.
Every admin view runs inside Wagtail's log context, which names the acting user; if that
user may not publish the page, the write is refused with ``PermissionDenied`` (the admin
answers with its "no permission" message). Outside the admin (scheduled publishing, Celery
tasks, management commands) there is no acting user and nothing is checked here.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_save
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, Revision

DISPATCH_UID = "editorial.publish_guard"


class PublishRefused(PermissionDenied):
    """Raised when the acting admin user may not publish the page being made live."""


def acting_user():
    user = get_active_log_context().user
    if user is None or not user.is_authenticated or user.is_superuser:
        return None
    return user


def _writes(update_fields, *names):
    return update_fields is None or bool(set(names) & set(update_fields))


def refuse_unless_publisher(page, user):
    if not page.permissions_for_user(user).can_publish():
        raise PublishRefused(f"{user} may not publish page {page.pk}: only publishers may.")


def guard_page(sender, instance, update_fields=None, raw=False, **kwargs):
    """A full save of a live page (or one setting ``live``) is what a publish does."""
    if raw or not isinstance(instance, Page) or not instance.live:
        return
    # Drafts (save_revision), locks and workflow bookkeeping name the fields they write.
    if not _writes(update_fields, "live", "live_revision"):
        return
    user = acting_user()
    if user is not None:
        refuse_unless_publisher(instance, user)


def guard_revision(sender, instance, update_fields=None, raw=False, **kwargs):
    """A revision approved to go live later is a publish that has been scheduled."""
    if raw or instance.approved_go_live_at is None:
        return
    if not _writes(update_fields, "approved_go_live_at"):
        return
    user = acting_user()
    if user is None:
        return
    if instance.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return
    page = Page.objects.filter(pk=instance.object_id).first()
    if page is not None:
        refuse_unless_publisher(page, user)


def connect():
    pre_save.connect(guard_page, dispatch_uid=DISPATCH_UID + ".page")
    pre_save.connect(guard_revision, sender=Revision, dispatch_uid=DISPATCH_UID + ".revision")
