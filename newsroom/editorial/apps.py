from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The bilingual editorial workflow: translation status, background syncs, review."""

    name = "newsroom.editorial"
    label = "editorial"
    verbose_name = _("Editorial workflow")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import admin_language

        admin_language.install()

        from . import carry_over

        carry_over.connect()

        from . import publish_guard

        publish_guard.connect()
