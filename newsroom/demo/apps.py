from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "newsroom.demo"
    label = "demo"
    verbose_name = "Demo content"
