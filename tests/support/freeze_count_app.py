"""A WSGI app that answers how many objects its process's garbage collector leaves alone
(``gc.get_freeze_count``): served by gunicorn with the site's configuration in
tests/deploy/test_gunicorn_config.py."""

import gc


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(gc.get_freeze_count()).encode()]
