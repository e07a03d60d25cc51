"""The invitation list an organiser uploads for an invitation-only event: a CSV file of name,
email and, optionally, language, read into rows or into errors by line number."""

import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from newsroom.core.forms import FORBIDDEN
from newsroom.core.mail import normalise_email

MAX_ROWS = 2000
MAX_BYTES = 1024 * 1024
HEADER_NAMES = ("email", "e-mail", "mail")


def _reader(text):
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def _invalid_email(email):
    try:
        validate_email(email)
    except ValidationError:
        return True
    return len(email) > 254


def _check(cells, default_language):
    """(name, email, language) of one line, or the error that line gets."""
    if len(cells) < 2:
        return None, _("Expected a name and an email address.")
    name, email = cells[0], cells[1]
    language = cells[2].lower() if len(cells) > 2 and cells[2] else default_language
    if not name or len(name) > 200 or any(char in name for char in FORBIDDEN):
        return None, _("The name is missing or too long.")
    if _invalid_email(email):
        return None, _("“%(email)s” is not a valid email address.") % {"email": email[:100]}
    if language not in dict(settings.LANGUAGES):
        return None, _("Unknown language “%(language)s”: use en or ar.") % {
            "language": language[:20]
        }
    return (name, email, language), None


def parse(data, default_language):
    """([(name, email, language)], [(line number, error)]) from the uploaded CSV bytes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."))]
    rows, errors, seen = [], [], set()
    for number, row in enumerate(_reader(text), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if number == 1 and len(cells) >= 2 and cells[1].lower() in HEADER_NAMES:
            continue  # a header row
        if len(rows) >= MAX_ROWS:
            errors.append((number, _("Too many rows: at most %(n)d.") % {"n": MAX_ROWS}))
            break
        invite, error = _check(cells, default_language)
        if invite is not None and normalise_email(invite[1]) in seen:
            error = _("%(email)s appears twice in the file.") % {"email": invite[1]}
        if error:
            errors.append((number, error))
            continue
        seen.add(normalise_email(invite[1]))
        rows.append(invite)
    return rows, errors
