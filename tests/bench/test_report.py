"""bench/report.py: the table `make bench` ends with and var/bench/report.html, from recorded
numbers (no benchmark runs here)."""

import base64
import json
import subprocess

import html5lib
import pytest
from bs4 import BeautifulSoup

from bench import report
from bench.report import Measurement, at_least, at_most


def measurements():
    """One of each kind: a latency ratio that holds, a throughput ratio that fails, a value
    target, and a number with neither baseline nor target."""
    page = [0.030 + i / 10_000 for i in range(50)]
    bare = [0.003 + i / 100_000 for i in range(50)]
    return [
        Measurement("pages", "Arabic home p50", 30.0, 3.0, "ms", at_most(10), page, bare),
        Measurement("feeds", "feed, nginx", 4_500.0, 9_000.0, "req/s", at_least(0.9)),
        Measurement("feeds", "statement retitled: rebuild", 0.4, None, "s", at_most(1, "s")),
        Measurement("crawl", "worker RSS after the crawl", 182.5, None, "MiB"),
    ]


def cells(rendered, label):
    line = next(line for line in rendered.splitlines() if label in line)
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_table_shows_value_baseline_ratio_target_and_verdict():
    rendered = report.table(measurements())

    assert cells(rendered, "measurement") == list(report.COLUMNS)
    assert cells(rendered, "Arabic home") == [
        "pages",
        "Arabic home p50",
        "30.00 ms",
        "3.00 ms",
        "10.00x",
        "≤ 10x",
        "yes",
    ]
    assert cells(rendered, "feed, nginx") == [
        "feeds",
        "feed, nginx",
        "4,500 req/s",
        "9,000 req/s",
        "0.5x",
        "≥ 0.9x",
        "NO",
    ]
    assert cells(rendered, "rebuild")[2:] == ["0.4 s", "", "", "≤ 1 s", "yes"]
    assert cells(rendered, "RSS")[2:] == ["182 MiB", "", "", "", ""]
    assert report.summary(measurements()) == "2 of 3 targets hold; 1 missed"


def test_the_table_is_a_markdown_table_with_aligned_columns():
    lines = report.table(measurements()).splitlines()

    assert len({len(line) for line in lines}) == 1
    assert lines[1].startswith("|---") and lines[1].count("|") == len(report.COLUMNS) + 1
    assert lines[1].split("|")[3].endswith(":")  # the value column aligns right


def test_a_target_on_the_value_and_a_target_on_the_ratio():
    slow_but_close = Measurement("search", "en p50", 25.0, 20.0, "ms", at_most(20, "ms"))
    fast_but_far = Measurement("search", "en p50", 15.0, 1.0, "ms", at_most(20, "ms"))
    assert slow_but_close.holds is False
    assert fast_but_far.holds is True
    assert Measurement("api", "list", 10.0, 1.0, "ms", at_most(5)).holds is False
    assert Measurement("api", "list", 10.0, 2.0, "ms", at_most(5)).holds is True
    assert Measurement("crawl", "req/s", 50.0, 10.0, "req/s", at_least(5)).holds is True
    assert Measurement("crawl", "req/s", 49.0, 10.0, "req/s", at_least(5)).holds is False


def test_record_keeps_every_measurement_in_order(monkeypatch):
    monkeypatch.setattr(report, "MEASUREMENTS", [])
    report.record("pages", "home", 12, 3, "ms", at_most(10), samples=(0.01, 0.02))
    report.record("serving", "gunicorn alone", 40, 8000, "req/s")

    assert [(m.benchmark, m.ratio) for m in report.MEASUREMENTS] == [
        ("pages", 4.0),
        ("serving", 0.005),
    ]
    assert report.MEASUREMENTS[0].samples == [0.01, 0.02]


def test_record_refuses_a_target_it_cannot_check(monkeypatch):
    monkeypatch.setattr(report, "MEASUREMENTS", [])
    with pytest.raises(ValueError, match="needs a baseline"):
        report.record("feeds", "rebuild", 0.5, None, "s", at_most(1))
    with pytest.raises(ValueError, match="in ms, not s"):
        report.record("feeds", "rebuild", 0.5, None, "s", at_most(1, "ms"))
    assert report.MEASUREMENTS == []


def test_the_report_is_one_well_formed_document_with_its_plots(tmp_path):
    context = [("commit", "abc1234"), ("machine", "2 cores; database postgresql")]
    path = report.write(tmp_path / "bench" / "report.html", measurements(), context)

    text = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    soup = BeautifulSoup(text, "html.parser")
    assert soup.html["lang"] == "en" and soup.title.string == "make bench"
    assert "abc1234" in soup.find("dl").get_text()
    body_rows = soup.find("tbody").find_all("tr")
    assert [row.find_all("td")[1].get_text() for row in body_rows] == [
        m.label for m in measurements()
    ]
    assert [row.get("class") for row in body_rows] == [None, ["missed"], None, None]
    assert "2 of 3 targets hold; 1 missed" in soup.get_text()

    images = soup.find_all("img")
    assert [image["alt"] for image in images] == [
        "Every ratio (log scale) with its target",
        "pages: latency, solid, against the baseline, dashed",  # feeds and crawl kept none
    ]
    for image in images:
        prefix, data = image["src"].split(",", 1)
        assert prefix == "data:image/png;base64"
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    assert "src='http" not in text and "href=" not in text  # nothing to fetch: self-contained


def test_the_report_passes_the_nu_html_checker(tmp_path, vnu_jar):
    path = report.write(tmp_path / "report.html", measurements(), [("commit", "abc1234")])
    result = subprocess.run(
        ["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert json.loads(result.stderr or '{"messages": []}')["messages"] == []


def test_a_run_without_measurements_still_writes_a_report(tmp_path):
    path = report.write(tmp_path / "report.html", [])

    html5lib.HTMLParser(strict=True).parse(path.read_text(encoding="utf-8"))
    assert "0 of 0 targets hold" in path.read_text(encoding="utf-8")
    assert report.table([]).count("\n") == 1  # the header and its rule
