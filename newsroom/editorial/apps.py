from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The bilingual editorial workflow: translation status, background syncs, review."""

    name = "newsroom.editorial"
    label = "editorial"
    verbose_name = _("Editorial workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # These modules use models, which can be imported only once the app registry is ready.
        from . import admin_language, carry_over, publish_guard

        admin_language.install()
        carry_over.connect()
        publish_guard.connect()
