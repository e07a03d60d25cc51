from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from newsroom.core import sections


class ContentConfig(AppConfig):
    name = "newsroom.content"
    label = "content"
    verbose_name = "Content"

    def ready(self):
        # content_version reads a model: importable only once the app registry is ready.
        from newsroom.core import content_version

        # Models can be imported only once the app registry is ready.
        from .models import (
            HomePage,
            NewsIndexPage,
            NewsPage,
            Organisation,
            ReportIndexPage,
            ReportPage,
            StatementIndexPage,
            StatementPage,
            Topic,
        )

        # Pages show topic and organisation names: renaming one changes what readers see.
        for model in (Topic, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    content_version.bump,
                    sender=model,
                    dispatch_uid=f"content_version_{model.__name__}_{signal is post_save}",
                )

        sections.register_home(HomePage)
        sections.register(
            sections.Section(
                key="statements",
                label=_("Statements"),
                index_model=StatementIndexPage,
                page_types=(sections.PageType("statement", StatementPage),),
                order=10,
                feed_description=_("Statements published by %(brand)s."),
            )
        )
        sections.register(
            sections.Section(
                key="news",
                label=_("News"),
                index_model=NewsIndexPage,
                page_types=(sections.PageType("news", NewsPage),),
                order=20,
                feed_description=_("News from %(brand)s."),
            )
        )
        sections.register(
            sections.Section(
                key="reports",
                label=_("Reports"),
                index_model=ReportIndexPage,
                page_types=(sections.PageType("report", ReportPage),),
                order=30,
                feed_description=_("Reports published by %(brand)s."),
            )
        )
