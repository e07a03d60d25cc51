import os

os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402,F403
from .base import env_list  # noqa: E402

SECRET_KEY = SECRET_KEY or "dev-only-not-secret-7c1f0b3e9a"  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
# Django's debug pages use inline styles and scripts: report CSP violations (browser console)
# instead of enforcing the policy while developing. Production and the tests enforce it.
CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY  # noqa: F405
CONTENT_SECURITY_POLICY = None
