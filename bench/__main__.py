"""`make bench`: run every benchmark module in bench/ (or those named on the command line).

Each module has a ``main()`` that prints its measurements and the ratio against a baseline
measured in the same run, and records them (bench/report.py). They share a database of their
own in var/bench/, never the development one. The run ends with one table of every ratio and
var/bench/report.html; a module that fails is reported and the others still run.
"""

import datetime
import importlib
import os
import pkgutil
import subprocess
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"
NOT_BENCHMARKS = {"__main__", "report", "seed", "turns"}  # modules of bench/ that the others use


def configure():
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    os.environ["NEWSROOM_VAR_DIR"] = str(BENCH_VAR)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_VAR / 'bench.sqlite3'}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings.dev"
    os.environ["DEBUG"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main(names):
    configure()
    available = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name not in NOT_BENCHMARKS
    )
    for name in names:
        if name not in available:
            sys.exit(f"unknown benchmark {name!r}; choose from {', '.join(available)}")
    failed = []
    for name in names or available:
        print(f"\n== {name} ==", flush=True)
        try:
            importlib.import_module(f"bench.{name}").main()
        except Exception:
            traceback.print_exc()
            failed.append(name)
    finish(failed)


def finish(failed):
    from django.db import connection  # reason: after configure() chose the database

    from bench import report

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    context = [
        ("run", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("commit", commit or "unknown"),
        ("machine", f"{os.cpu_count()} cores; database {connection.vendor}"),
    ]
    if failed:
        context.append(("failed", ", ".join(failed)))
    print("\n== every ratio ==")
    print(report.table(report.MEASUREMENTS))
    print(report.summary(report.MEASUREMENTS))
    path = report.write(BENCH_VAR / "report.html", report.MEASUREMENTS, context)
    print(f"report: {path.relative_to(ROOT)}")
    if failed:
        sys.exit(f"failed: {', '.join(failed)} (tracebacks above)")


if __name__ == "__main__":
    main(sys.argv[1:])
