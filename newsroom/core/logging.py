"""Structured logs: one JSON object per line when LOG_FORMAT=json.

Used by Django's LOGGING (newsroom/settings/base.py), by Celery workers (which then keep
Django's logging instead of installing their own) and by gunicorn (site/gunicorn), whose
access log lines become objects with the request's fields. Standard library only, so
gunicorn's master process can load it before Django is set up.

    {"time": "2026-05-04T09:12:01.532Z", "level": "WARNING", "logger": "django.request",
     "message": "Not Found: /en/nope/", "process": 812, "status_code": 404,
     "request": {"method": "GET", "path": "/en/nope/"}}
"""

import contextlib
import datetime
import json
import logging

# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

# gunicorn's access-log atoms (see gunicorn.glogging.Logger.atoms) worth a field of their own.
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "f": "referrer",
    "a": "user_agent",
    "H": "protocol",
}


def _jsonable(value):
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    method, path = getattr(value, "method", None), getattr(value, "path", None)
    if isinstance(method, str) and isinstance(path, str):  # an HttpRequest (django.request)
        return {"method": method, "path": path}
    return str(value)


def _access_fields(atoms):
    fields = {}
    for atom, name in _ACCESS_FIELDS.items():
        value = atoms.get(atom)
        if value in (None, "", "-"):
            continue
        if name in {"status", "bytes", "duration_ms"}:
            with contextlib.suppress(TypeError, ValueError):
                value = int(value)
        fields[name] = value
    # nginx puts the reader's address in X-Real-IP; without it, the peer gunicorn saw.
    remote = atoms.get("{x-real-ip}i")
    fields["remote"] = remote if remote not in (None, "", "-") else atoms.get("h")
    return fields


class JSONFormatter(logging.Formatter):
    """Formats a record as a single-line JSON object (UTC timestamps, extras kept)."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_access_fields(record.args))
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and not key.startswith("_") and key not in entry:
                entry[key] = _jsonable(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def gunicorn_logconfig(level="INFO"):
    """gunicorn's ``logconfig_dict`` for JSON lines on stdout (error log) and stdout (access)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "newsroom.core.logging.JSONFormatter"}},
        "handlers": {
            "json_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": level, "handlers": []},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": ["json_console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["json_console"], "propagate": False},
        },
    }
