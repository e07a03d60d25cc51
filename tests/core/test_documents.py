"""Documents: Wagtail's serve view with safe headers, and the X-Accel-Redirect hand-off."""

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from wagtail.utils import sendfile as wagtail_sendfile

from newsroom.core.models import NewsroomDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    pdf = NewsroomDocument(title="Report", language="ar")
    pdf.file.save("headers-report.pdf", ContentFile(b"%PDF-1.4 test\n"), save=True)
    html = NewsroomDocument(title="Upload")
    html.file.save("headers-upload.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    yield pdf, html
    for document in (pdf, html):
        document.file.delete(save=False)


@pytest.fixture
def x_accel():
    """SENDFILE_BACKEND as production sets it with NEWSROOM_X_ACCEL_REDIRECT=1."""
    wagtail_sendfile._get_sendfile.clear()
    with override_settings(SENDFILE_BACKEND="newsroom.core.documents"):
        yield
    wagtail_sendfile._get_sendfile.clear()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_pdfs_open_inline_and_everything_else_downloads(client, documents):
    pdf, html = documents
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 test\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert "Expires" not in response  # never marked for the shared cache

    response = client.get(html.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="headers-upload' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_x_accel_redirect_hands_the_file_to_nginx(client, documents, x_accel):
    pdf, html = documents
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/media/{pdf.file.name}"
    # The empty body's own length (CommonMiddleware), never the file's: nginx sets that.
    assert response.get("Content-Length", "0") == "0"
    assert "Content-Encoding" not in response
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Expires" not in response

    response = client.get(html.url)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Accel-Redirect"].startswith("/_protected/media/documents/headers-upload")


def test_x_accel_redirect_quotes_the_path(documents, x_accel, settings):
    from newsroom.core.documents import sendfile

    target = settings.MEDIA_ROOT / "documents" / "تقرير 2024.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"%PDF")
    try:
        response = sendfile(None, str(target))
        assert response["X-Accel-Redirect"] == (
            "/_protected/media/documents/%D8%AA%D9%82%D8%B1%D9%8A%D8%B1%202024.pdf"
        )
    finally:
        target.unlink()


def test_files_outside_media_root_are_streamed(tmp_path, x_accel, rf):
    from newsroom.core.documents import sendfile

    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(b"%PDF elsewhere")
    response = sendfile(rf.get("/"), str(outside))
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == b"%PDF elsewhere"
