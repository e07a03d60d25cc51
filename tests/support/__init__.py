"""Helpers the tests import: what they start, wait for, build and check.

Fixtures live in the conftest.py files (that is what pytest reads them from); the code they
run lives here, in modules named for what they hold, so a test imports a helper from
``tests.support`` and never from a conftest module or from another test module.
"""
