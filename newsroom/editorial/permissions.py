"""Who may see translation status, sync, and act on a pair."""

from wagtail.permission_policies.pages import PagePermissionPolicy


def can_translate(user):
    """Editors, translators and reviewers: wagtail-localize's "submit translation" right."""
    return user.is_active and (
        user.is_superuser or user.has_perm("wagtail_localize.submit_translation")
    )


class EditablePages:
    """Which pages a user may edit, read once (one query) for a whole listing."""

    def __init__(self, user):
        self.user = user
        self.everything = user.is_superuser
        self.ids = set()
        self.locales = set()
        if not self.everything:
            for page_id, locale_id in (
                PagePermissionPolicy()
                .instances_user_has_permission_for(user, "change")
                .values_list("id", "locale_id")
            ):
                self.ids.add(page_id)
                self.locales.add(locale_id)

    def can_act_on(self, pair):
        """The user can work on this pair's translation (edit it, or create it)."""
        if self.everything:
            return True
        if pair.target is not None and not pair.target.is_alias:
            return pair.target.id in self.ids
        return pair.target_locale.pk in self.locales
