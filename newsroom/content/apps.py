from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "newsroom.content"
    label = "content"
    verbose_name = "Content"
