"""`make bench`: run every benchmark module in bench/ (or those named on the command line).

Each module has a ``main()`` that prints its measurements and the ratio against a baseline
measured in the same run. They share a database of their own in var/bench/, never the
development one.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"


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
        if info.name != "__main__"
    )
    for name in names or available:
        if name not in available:
            sys.exit(f"unknown benchmark {name!r}; choose from {', '.join(available)}")
        print(f"\n== {name} ==")
        importlib.import_module(f"bench.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
