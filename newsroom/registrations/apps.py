from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "newsroom.registrations"
    label = "registrations"
    verbose_name = "Event registrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Both import models, so only once the registry is ready. Importing ``tasks`` registers
        # the Celery tasks that services and signals hand to the outbox by name.
        from . import signals, tasks  # noqa: F401

        signals.connect()
