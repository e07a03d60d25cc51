"""The editor-direction tag: the content's language and direction, whatever the view gives it."""

import pytest
from wagtail.models import Locale

from newsroom.editorial.templatetags.editorial_tags import editorial_editor_script


@pytest.mark.django_db
def test_a_locale_or_its_code_sets_the_fields_direction():
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    assert 'data-content-lang="ar" data-content-dir="rtl"' in editorial_editor_script(arabic)
    assert 'data-content-lang="ar" data-content-dir="rtl"' in editorial_editor_script("ar")
    assert 'data-content-lang="en" data-content-dir="ltr"' in editorial_editor_script("en")


@pytest.mark.parametrize("nothing", [None, "", 0, object()])
def test_no_language_leaves_the_fields_alone(nothing):
    # An unsaved page has no locale: the template gets None or the empty string.
    script = editorial_editor_script(nothing, nothing)
    assert 'data-content-lang="" data-content-dir=""' in script
    assert 'data-source-lang="" data-source-dir=""' in script
