"""/events: upcoming or past events with their dates, venue, organisers and calendar link."""

from django.utils import timezone
from ninja import Query, Router

from newsroom.events.models import EventPage

from ..content import visibility
from ..errors import ERROR_RESPONSES, reject_unknown_parameters
from ..freshness import mark
from ..items import build_event_items, newest
from ..pagination import paginate
from ..schemas import EventFilters, EventList

router = Router(tags=["events"])


@router.get(
    "/events",
    response={200: EventList, **ERROR_RESPONSES},
    summary="List events",
    operation_id="list_events",
)
def list_events(request, filters: Query[EventFilters]):
    """Upcoming events (not yet ended) soonest first, or past events latest first. Times
    are given in the event's own time zone, with its UTC offset."""
    reject_unknown_parameters(request, EventFilters)
    visible = visibility()
    events = EventPage.objects.filter(visible).select_related("locale")
    if filters.locale:
        events = events.filter(locale__language_code=filters.locale)
    if filters.topic:
        events = events.filter(topics__slug=filters.topic).distinct()
    now = timezone.now()
    if filters.when == "upcoming":
        events = events.filter(end__gte=now).order_by("start", "id")
    elif filters.when == "past":
        events = events.filter(end__lt=now).order_by("-start", "-id")
    else:
        events = events.order_by("-start", "-id")
    events, meta = paginate(request, events, filters)
    items = build_event_items(events, visible, request)
    mark(request, newest(items))
    return {**meta, "results": items}
