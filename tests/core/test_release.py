"""The release digest that keys cached HTML: a deploy that changes a template, a tag or a
translation changes it; the same files on another node give the same one."""

import shutil

from newsroom.core.release import release


def release_of(root, settings):
    settings.BASE_DIR = root
    release.cache_clear()
    try:
        return release()
    finally:
        release.cache_clear()


def test_a_changed_template_or_catalogue_changes_the_release_and_a_copy_does_not(
    tmp_path, settings
):
    first = tmp_path / "node-a"
    (first / "templates").mkdir(parents=True)
    (first / "locale" / "ar" / "LC_MESSAGES").mkdir(parents=True)
    (first / "templates" / "base.html").write_text("<footer>old</footer>")
    (first / "locale" / "ar" / "LC_MESSAGES" / "django.mo").write_bytes(b"catalogue")
    before = release_of(first, settings)

    second = tmp_path / "node-b"
    shutil.copytree(first, second)
    assert release_of(second, settings) == before

    (first / "templates" / "base.html").write_text("<footer>new</footer>")
    after_template = release_of(first, settings)
    assert after_template != before
    (first / "locale" / "ar" / "LC_MESSAGES" / "django.mo").write_bytes(b"catalogue 2")
    assert release_of(first, settings) not in (before, after_template)
