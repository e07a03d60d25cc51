from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "newsroom.events"
    label = "events"
    verbose_name = "Events and invitations"
