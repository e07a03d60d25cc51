from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "newsroom.core"
    label = "core"
    verbose_name = "Newsroom core"

    def ready(self):
        # signals uses models, which can be imported only once the app registry is ready;
        # importing it connects its receivers.
        from . import query_planner, signals  # noqa: F401

        query_planner.connect()
