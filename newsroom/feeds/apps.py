from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "newsroom.feeds"
    label = "feeds"
    verbose_name = "Feeds and calendars"

    def ready(self):
        from . import signals  # it imports page models: only once the registry is ready

        signals.connect()
