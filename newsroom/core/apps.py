from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "newsroom.core"
    label = "core"
    verbose_name = "Newsroom core"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
