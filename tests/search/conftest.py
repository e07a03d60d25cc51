"""Relevance numbers are printed in the terminal summary (also under pytest-xdist)."""

from tests.search.relevance import REPORT_KEY


def pytest_terminal_summary(terminalreporter):
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get(
        "failed", []
    ):
        for key, text in getattr(report, "user_properties", []):
            if key == REPORT_KEY:
                terminalreporter.write_line(text)
