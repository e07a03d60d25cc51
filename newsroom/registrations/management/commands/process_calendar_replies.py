"""manage.py process_calendar_replies MAILDIR: apply the calendar answers (iTIP REPLY) that
reached the organiser's mailbox, for set-ups where mail is fetched into a Maildir (fetchmail,
getmail, offlineimap, an MTA's local delivery) rather than posted by an email service."""

import logging
import mailbox
import os
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.registrations.replies import Replies

logger = logging.getLogger("newsroom.registrations.replies")


class Command(BaseCommand):
    help = (
        "Apply the Accept/Decline answers to event invitations found in a Maildir's new "
        "messages (a Decline cancels the registration and offers the seat to the waiting "
        "list), then mark those messages seen."
    )

    def add_arguments(self, parser):
        parser.add_argument("maildir", help="path of the organiser's Maildir")

    def handle(self, *args, maildir, **options):
        path = Path(maildir)
        if not all((path / sub).is_dir() for sub in ("new", "cur", "tmp")):
            raise CommandError(f"{maildir} is not a readable Maildir (new/, cur/, tmp/)")
        box = mailbox.Maildir(path, create=False)
        replies = Replies()
        outcomes = Counter()
        try:
            # A Maildir key is the file name up to its ":2,flags" info; new/ holds the unseen.
            keys = sorted(
                name.split(":")[0] for name in os.listdir(path / "new") if not name.startswith(".")
            )
        except OSError as error:
            raise CommandError(f"cannot read {maildir}: {error}") from error
        for key in keys:
            message = box.get_message(key)
            try:
                outcomes.update(replies.process(message) or ["no calendar reply"])
            except ValueError as error:
                # A broken calendar from one sender must not stop everyone else's answers.
                logger.warning("calendar reply %s skipped: %s", key, error)
                outcomes["malformed"] += 1
            message.set_subdir("cur")
            message.add_flag("S")
            box[key] = message
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(outcomes.items()))
        self.stdout.write(f"{len(keys)} new messages" + (f": {summary}." if summary else "."))
