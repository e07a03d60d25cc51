from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from newsroom.core import sections


class EventsConfig(AppConfig):
    name = "newsroom.events"
    label = "events"
    verbose_name = "Events and invitations"

    def ready(self):
        # Models can be imported only once the app registry is ready.
        from .models import EventIndexPage, EventPage, InvitationPage

        sections.register(
            sections.Section(
                key="events",
                label=_("Events"),
                index_model=EventIndexPage,
                page_types=(
                    sections.PageType("event", EventPage),
                    # Announced like any publication (feeds, digests); the calendars hold
                    # events only.
                    sections.PageType("invitation", InvitationPage),
                ),
                order=40,
                feed_description=_("Events organised or attended by %(brand)s."),
            )
        )
