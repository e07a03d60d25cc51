"""The release: a digest of the code, templates and message catalogues this process serves.

Cached HTML (the fragment cache, newsroom.core.content_version) is keyed on it as well as on
the content, so a deploy that changes a template, a tag or a translation is seen at once,
not when the next publish or the fragments' timeout comes. A digest of the files' contents,
not their dates: every node of a deploy computes the same one and shares the cache.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings

PATTERNS = ("*.py", "*.html", "*.txt", "*.mo")
SOURCE_DIRS = ("newsroom", "newsletter", "templates", "locale")


@cache
def release():
    digest = hashlib.blake2b(digest_size=8)
    root = Path(settings.BASE_DIR)
    for directory in SOURCE_DIRS:
        files = sorted(path for pattern in PATTERNS for path in (root / directory).rglob(pattern))
        for path in files:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
