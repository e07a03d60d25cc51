"""Demo users and their groups: an editor, an Arabic translator and a reviewer.

Attendee lists of events (names, addresses, answers) are personal data: only "Event
managers" (the editor is one) and superusers see them, not everyone who edits an event.

Page permissions are Wagtail GroupPagePermission rows on a page and its subtree; image and
document permissions are collection permissions. Everything is get-or-create, and passwords
are only set when a user is created, so a rerun changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

PASSWORD = "newsroom-demo"
USERNAMES = ["admin", "editor", "translator", "reviewer"]

EDITORS = "Editors"
MODERATORS = "Moderators"
TRANSLATORS = "Translators (Arabic)"
EVENT_MANAGERS = "Event managers"
# The Arabic translator works in an Arabic admin (a choice in their account settings, kept
# if they change it).
ADMIN_LANGUAGES = {"translator": "ar"}

# Draft → review → publish: a member of Moderators (the demo reviewer) approves, which
# publishes. Editors and reviewers may still publish directly; translators cannot.
REVIEW_WORKFLOW = "Editorial review"
REVIEW_TASK = "Reviewer approval"

SNIPPET_PERMISSIONS = [
    "content.add_topic",
    "content.change_topic",
    "content.add_organisation",
    "content.change_organisation",
    "core.add_organisationprofile",
    "core.change_organisationprofile",
]
MEDIA_PERMISSIONS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(group, page=None, page_actions=(), model_permissions=(), collection_permissions=()):
    """Add the given permissions to ``group``; returns how many were missing."""
    added = 0
    for action in page_actions:
        _, created = GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission(f"wagtailcore.{action}_page")
        )
        added += created
    existing = set(group.permissions.values_list("pk", flat=True))
    for label in model_permissions:
        perm = permission(label)
        if perm.pk not in existing:
            group.permissions.add(perm)
            added += 1
    root_collection = Collection.get_first_root_node()
    for label in collection_permissions:
        _, created = GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(label)
        )
        added += created
    return added


def ensure_groups(arabic_home):
    """Editors and Moderators exist after Wagtail's migrations; this completes them."""
    root = Page.get_first_root_node()
    changes = 0
    common = ["wagtailadmin.access_admin", "wagtail_localize.submit_translation"]

    editors, created = Group.objects.get_or_create(name=EDITORS)
    changes += created
    # Editors publish in both languages, so they hold their rights on the tree root.
    changes += grant(
        editors,
        page=root,
        page_actions=["add", "change", "publish"],
        model_permissions=common + SNIPPET_PERMISSIONS,
        collection_permissions=MEDIA_PERMISSIONS,
    )

    moderators, created = Group.objects.get_or_create(name=MODERATORS)
    changes += created
    changes += grant(
        moderators,
        page=root,
        page_actions=["add", "change", "publish", "lock", "unlock"],
        model_permissions=common + SNIPPET_PERMISSIONS,
        collection_permissions=MEDIA_PERMISSIONS,
    )

    # Translators edit the Arabic tree (including drafts of translations) but cannot
    # publish: a reviewer or an editor does that.
    translators, created = Group.objects.get_or_create(name=TRANSLATORS)
    changes += created
    changes += grant(
        translators,
        page=arabic_home,
        page_actions=["add", "change"],
        model_permissions=common
        + [
            "content.change_topic",
            "content.change_organisation",
            "core.change_organisationprofile",
        ],
        collection_permissions=[
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.choose_document",
        ],
    )

    event_managers, created = Group.objects.get_or_create(name=EVENT_MANAGERS)
    changes += created
    changes += grant(
        event_managers,
        model_permissions=["wagtailadmin.access_admin", "registrations.manage_attendees"],
    )
    groups = {
        EDITORS: editors,
        MODERATORS: moderators,
        TRANSLATORS: translators,
        EVENT_MANAGERS: event_managers,
    }
    return groups, changes


def ensure_users(groups):
    """The four demo accounts; returns how many were created or completed."""
    user_model = get_user_model()
    people = [
        ("admin", "Ada", "Admin", ()),
        ("editor", "Nadia", "Editor", (EDITORS, EVENT_MANAGERS)),
        ("translator", "Karim", "Translator", (TRANSLATORS,)),
        ("reviewer", "Rana", "Reviewer", (MODERATORS,)),
    ]
    created_count = 0
    for username, first_name, last_name, group_names in people:
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(
                username=username,
                email=f"{username}@example.org",
                first_name=first_name,
                last_name=last_name,
                is_staff=username == "admin",
                is_superuser=username == "admin",
            )
            user.set_password(PASSWORD)
            user.save()
            created_count += 1
        for group_name in group_names:
            if not user.groups.filter(pk=groups[group_name].pk).exists():
                user.groups.add(groups[group_name])
                created_count += 1
        profile = UserProfile.get_for_user(user)
        if username in ADMIN_LANGUAGES and not profile.preferred_language:
            profile.preferred_language = ADMIN_LANGUAGES[username]
            profile.save(update_fields=["preferred_language"])
            created_count += 1
    return created_count


def ensure_accounts(arabic_home):
    """Returns (permissions granted, users created or added to their group)."""
    groups, granted = ensure_groups(arabic_home)
    return granted, ensure_users(groups)


def ensure_review_workflow(homes):
    """The review workflow on each language's home page (so on every page); returns changes.

    A home page that already has a workflow (chosen by someone in the admin) keeps it.
    """
    changes = 0
    reviewers = Group.objects.get(name=MODERATORS)
    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        changes += 1
    if not task.groups.filter(pk=reviewers.pk).exists():
        task.groups.add(reviewers)
        changes += 1
    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    changes += created
    _, created = WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    changes += created
    for home in homes:
        if not WorkflowPage.objects.filter(page=home).exists():
            WorkflowPage.objects.create(page=home, workflow=workflow)
            changes += 1
    return changes
