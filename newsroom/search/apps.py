from django.apps import AppConfig

from newsroom.core import search_query

from .indexing import index_text


class SearchConfig(AppConfig):
    name = "newsroom.search"
    label = "search"
    verbose_name = "Search"

    def ready(self):
        search_query.register(index_text)
        # Models can only be imported once the app registry is ready.
        from .facts import connect

        connect()
