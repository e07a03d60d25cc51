"""One JSON error body for every failure, naming the parameter that caused it."""

import logging

from django.http import JsonResponse
from ninja import Schema
from ninja.errors import ValidationError

from newsroom.core.unavailable import DATABASE_UNAVAILABLE, RETRY_AFTER

from .content import LANGUAGE_CODES, PAGE_TYPES, SECTIONS
from .schemas import EventFilters, LocaleFilter, PageFilters, PathLookup


class ParameterProblem(Schema):
    parameter: str
    message: str
    allowed: list[str] | None = None


class Error(Schema):
    status: int
    error: str
    message: str
    problems: list[ParameterProblem] = []


# The values a parameter accepts, repeated in the error so a client can correct itself.
ALLOWED_VALUES = {
    "locale": LANGUAGE_CODES,
    "type": list(PAGE_TYPES),
    "section": list(SECTIONS),
}

PARAMETERS = {
    name
    for schema in (PageFilters, EventFilters, LocaleFilter, PathLookup)
    for name in schema.model_fields
} | {"page_id"}

ERROR_RESPONSES = {400: Error, 404: Error, 429: Error, 500: Error, 503: Error}

logger = logging.getLogger("newsroom.api")


class ApiError(Exception):
    def __init__(self, status, error, message, problems=()):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.problems = list(problems)


def problem(parameter, message):
    allowed = ALLOWED_VALUES.get(parameter)
    return {"parameter": parameter, "message": message, "allowed": allowed}


def bad_parameters(problems):
    names = ", ".join(p["parameter"] for p in problems)
    return ApiError(400, "invalid_parameter", f"Invalid query parameter: {names}.", problems)


def not_found(message="Not found."):
    return ApiError(404, "not_found", message)


def error_response(status, error, message, problems=()):
    body = {"status": status, "error": error, "message": message, "problems": list(problems)}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def reject_unknown_parameters(request, *schemas):
    """Answer 400 for a query parameter the operation does not define: a typo such as
    ``?lcoale=ar`` must not silently return unfiltered data."""
    known = {name for schema in schemas for name in schema.model_fields}
    unknown = sorted(set(request.GET) - known)
    if unknown:
        raise bad_parameters(
            [
                problem(
                    name, f"Unknown parameter; this operation accepts: {', '.join(sorted(known))}."
                )
                for name in unknown
            ]
        )


def database_unavailable(request, exc):
    """An outage, not a bug: 503 "try again" with Retry-After, as nginx answers while gunicorn
    is down (site/nginx); the exception goes to the log."""
    logger.error("Database unavailable answering %s", request.get_full_path(), exc_info=exc)
    response = error_response(
        503, "unavailable", "The service is restarting; try again in a minute."
    )
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def install(api):
    @api.exception_handler(Exception)
    def unexpected(request, exc):
        if isinstance(exc, DATABASE_UNAVAILABLE):
            return database_unavailable(request, exc)
        # A bug, or a backend that failed: the client gets the error body the schema
        # promises, the traceback goes to the log (and to Sentry, which reads the log).
        logger.error("Unexpected error answering %s", request.get_full_path(), exc_info=exc)
        return error_response(
            500, "server_error", "Something went wrong on our side; please try again later."
        )

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return error_response(exc.status, exc.error, exc.message, exc.problems)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        # Pydantic locates an error by a path such as ("query", "filters", "published_after",
        # "datetime"); the parameter is the element a client can recognise. A parameter that
        # fails every member of a union is one problem.
        messages = {}
        for error in exc.errors:
            location = [str(part) for part in error.get("loc", ())]
            name = next((part for part in location if part in PARAMETERS), location[-1])
            messages.setdefault(name, []).append(error["msg"])
        problems = [
            problem(name, "; ".join(dict.fromkeys(msgs))) for name, msgs in messages.items()
        ]
        return error_response(400, "invalid_parameter", bad_parameters(problems).message, problems)
