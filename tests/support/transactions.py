"""What a commit runs, in tests whose transaction never commits."""

from django.test import TestCase


def committed():
    """Run the on-commit callbacks registered in the block (the outbox handing its jobs over)
    when the block ends, as the commit of a real request would: pytest-django's
    ``django_capture_on_commit_callbacks(execute=True)``, for helpers that have no fixtures."""
    return TestCase.captureOnCommitCallbacks(execute=True)
