"""Documents handed to nginx: Wagtail checks access, nginx sends the bytes (X-Accel-Redirect).

Wagtail serves documents through its own view (WAGTAILDOCS_SERVE_METHOD = "serve_view") so
privacy settings hold; the files themselves are never reachable under /media/documents/. With
SENDFILE_BACKEND pointing here (production settings, when NEWSROOM_X_ACCEL_REDIRECT=1, which
site/serve.sh and docker-compose.yml set) the view answers with headers only and nginx streams
the file from its internal location /_protected/media/ (site/nginx/newsroom.conf.template):
a slow download of a large PDF then holds no gunicorn thread.

With object storage (NEWSROOM_S3_BUCKET) a document has no local path, so Wagtail's view
never calls this backend: after the same access check it streams the file from the bucket
(FileResponse over the storage's file). The bucket stays private for documents; nothing links
to it directly, so a private document cannot be fetched around Django.

Wagtail's view sets Content-Type, Content-Disposition ("inline" for PDFs, "attachment" with
the file name for everything else), X-Content-Type-Options: nosniff and a CSP of
``default-src 'none'``; nginx keeps Content-Type and Content-Disposition across the redirect
and adds nosniff and the CSP again in the internal location.
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from wagtail.utils.sendfile_streaming_backend import sendfile as streaming_sendfile

X_ACCEL_PREFIX = "/_protected/media/"


class XAccelRedirectResponse(HttpResponse):
    """An empty response that nginx replaces with the file.

    Wagtail's sendfile() sets Content-Length to the file's size afterwards, which would be a
    lie about this empty body (and break the keep-alive connection to nginx); it is dropped,
    and nginx sets the real one when it sends the file.
    """

    def __setitem__(self, header, value):
        if header.lower() == "content-length":
            return
        if header.lower() == "content-encoding" and not value:
            return  # Wagtail passes None for files that are not compressed
        super().__setitem__(header, value)


def sendfile(request, filename, **kwargs):
    """Wagtail's sendfile backend interface: a response for the file at ``filename``."""
    media_root = Path(settings.MEDIA_ROOT).resolve()
    path = Path(filename).resolve()
    if not path.is_relative_to(media_root):
        # Not under MEDIA_ROOT, so not under nginx's alias either: stream it from here.
        return streaming_sendfile(request, filename, **kwargs)
    response = XAccelRedirectResponse()
    response["X-Accel-Redirect"] = X_ACCEL_PREFIX + quote(path.relative_to(media_root).as_posix())
    return response
