"""Where the project and its tools are."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
NODE_MODULES = ROOT / "node_modules"


def venv_tool(name):
    """A console script installed beside the running interpreter (the project's venv)."""
    return Path(sys.executable).parent / name
