from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "newsroom.registrations"
    label = "registrations"
    verbose_name = "Event registrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
