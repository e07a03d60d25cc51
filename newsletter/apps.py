from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"

    def ready(self):
        from . import signals, webhooks  # noqa: F401 - webhooks registers anymail receivers

        signals.connect()
