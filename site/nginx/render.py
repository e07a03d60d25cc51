#!/usr/bin/env python3
"""Fill the ${NEWSROOM_*} placeholders of an nginx template, like envsubst but strict.

    python3 site/nginx/render.py TEMPLATE OUTPUT [NAME=VALUE ...]

Values come from NAME=VALUE arguments, then the environment, then the defaults below. Only
${NEWSROOM_...} names are replaced (nginx's own $variables are left alone), and a placeholder
without a value is an error rather than an empty string. Standard library only: runs with any
Python 3, inside or outside the virtualenv.
"""

import os
import re
import sys

PLACEHOLDER = re.compile(r"\$\{(NEWSROOM_[A-Z0-9_]+)\}")

DEFAULTS = {
    "NEWSROOM_SERVER_NAME": "_",
    "NEWSROOM_MAX_BODY_SIZE": "64m",
    "NEWSROOM_NGINX_MIME_TYPES": "/etc/nginx/mime.types",
    "NEWSROOM_NGINX_USER_DIRECTIVE": "",
    "NEWSROOM_NGINX_LOAD_MODULES": "",
    "NEWSROOM_NGINX_LOG_FORMAT": "newsroom",
    # No WebSub hub unless Django has one (WEBSUB_HUB_URL); SITE_URL only matters with a hub.
    "NEWSROOM_WEBSUB_HUB_URL": "",
    "NEWSROOM_SITE_URL": "",
}


def trusted_proxy_values(environ):
    """The nginx forms of NEWSROOM_TRUSTED_PROXIES (comma-separated addresses or networks)."""
    proxies = [
        entry.strip()
        for entry in environ.get("NEWSROOM_TRUSTED_PROXIES", "127.0.0.0/8,::1").split(",")
        if entry.strip()
    ]
    return {
        "NEWSROOM_REAL_IP_FROM": " ".join(f"set_real_ip_from {entry};" for entry in proxies),
        "NEWSROOM_TRUSTED_PROXY_GEO": " ".join(f"{entry} 1;" for entry in proxies),
    }


def feed_language_values(environ):
    """NEWSROOM_FEED_LANGUAGES, nginx's alternation of Django's languages ("en|ar"), from
    NEWSROOM_LANGUAGES as newsroom/settings/base.py reads it ("en,ar" by default)."""
    codes = [
        code.strip().lower()
        for code in environ.get("NEWSROOM_LANGUAGES", "en,ar").split(",")
        if code.strip()
    ]
    return {"NEWSROOM_FEED_LANGUAGES": "|".join(codes)}


def render(text, values):
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise KeyError(", ".join(missing))
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], text)


def main(argv):
    if len(argv) < 2 or any(arg in {"-h", "--help"} for arg in argv):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    template, output, assignments = argv[0], argv[1], argv[2:]
    values = dict(DEFAULTS)
    values.update(trusted_proxy_values(os.environ))
    values.update(feed_language_values(os.environ))
    values.update({k: v for k, v in os.environ.items() if k.startswith("NEWSROOM_")})
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not PLACEHOLDER.fullmatch("${" + name + "}"):
            print(f"render.py: expected NEWSROOM_NAME=VALUE, got {assignment!r}", file=sys.stderr)
            return 2
        values[name] = value
    with open(template, encoding="utf-8") as handle:
        text = handle.read()
    try:
        rendered = render(text, values)
    except KeyError as exc:
        print(f"render.py: {template}: no value for {exc.args[0]}", file=sys.stderr)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(rendered)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
