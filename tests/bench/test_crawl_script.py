"""bench/crawl.lua: wrk walks the list of paths without asking for one twice, and reports
what bench/crawl.py reads (a second of wrk against a small local server, no Django)."""

import http.server
import shutil
import threading

import pytest

from bench import crawl
from tests.support.services import require


class Recorder(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nginx answers wrk
    paths = []
    lock = threading.Lock()

    def do_GET(self):
        with self.lock:
            self.paths.append(self.path)
        # Paths ending in 3 answer as if from nginx's cache; "/missing" is not found.
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        if self.path.endswith("3"):
            self.send_header("X-Cache-Status", "HIT")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    require("wrk (apt-get install wrk)", shutil.which("wrk") is not None)
    Recorder.paths = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_every_request_asks_for_a_path_not_asked_before(server, tmp_path):
    paths = [f"/page/{number}" for number in range(200_000)]
    paths_file = tmp_path / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    result = crawl.crawl(server, paths_file, len(paths), seconds=1, offset=100_000, connections=4)

    asked = Recorder.paths
    assert result["requests"] > 50
    assert len(asked) >= result["requests"]  # wrk counts the replies it saw in time
    assert len(set(asked)) == len(asked)
    assert set(asked) <= set(paths[100_000:])  # from the offset on
    hits = sum(1 for path in asked if path.endswith("3"))
    assert abs(result["cached"] - hits) <= 4  # replies still in flight when wrk stopped
    assert result["cached"] > 0
    assert result["failed"] == 0 and result["socket_errors"] == 0
    assert result["rps"] == pytest.approx(result["requests"] / result["seconds"])


def test_answers_other_than_200_are_counted(server, tmp_path):
    paths_file = tmp_path / "paths.txt"
    paths_file.write_text("/missing\n" * 50_000)
    result = crawl.crawl(server, paths_file, 50_000, seconds=1, offset=0, connections=2)

    assert result["requests"] > 0
    assert result["failed"] >= result["requests"] - 2
