"""Seats under concurrency, on the real PostgreSQL: 200 people sign up and confirm at the
same time for 50 seats (threads, each with its own database connection)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from newsroom.registrations import services, tokens
from newsroom.registrations.models import Registration
from tests.support.registrations import make_event, sign_up_data
from tests.support.services import require

Status = Registration.Status
PEOPLE = 200
SEATS = 50
THREADS = 32


def run_all(jobs):
    """Run ``jobs`` (callables) on THREADS threads started together; returns their results,
    re-raising the first error. Each thread closes its database connection at the end."""
    barrier = threading.Barrier(THREADS)
    chunks = [jobs[n::THREADS] for n in range(THREADS)]

    def worker(chunk):
        try:
            barrier.wait(timeout=60)
            return [job() for job in chunk]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(worker, chunks))
    return [result for chunk in results for result in chunk]


@pytest.fixture
def postgres(transactional_db):
    require("PostgreSQL", connection.vendor == "postgresql")


def test_200_concurrent_sign_ups_for_50_seats(postgres, tree, settings):
    settings.REGISTRATION_SIGNUP_RATE = (0, 60)
    english, _ = make_event(tree, capacity=SEATS, translate=False)
    addresses = [f"person{n}@example.org" for n in range(PEOPLE)]
    url = f"/en/registrations/{english.pk}/"

    def sign_up(address):
        def job():
            return Client().post(url, sign_up_data(english, address)).status_code

        return job

    # Everyone signs up, and each address twice at the same moment (a double click).
    statuses = run_all([sign_up(a) for a in addresses] + [sign_up(a.upper()) for a in addresses])
    assert set(statuses) == {302}
    assert Registration.objects.count() == PEOPLE  # no duplicates
    assert set(Registration.objects.values_list("status", flat=True)) == {Status.PENDING}

    keys = dict(Registration.objects.values_list("email_normalised", "key"))

    def confirm(address):
        def job():
            registration = Registration(key=keys[address])
            token = tokens.make(registration, tokens.CONFIRM)
            return Client().post(f"/en/registrations/confirm/{token}/").status_code

        return job

    # Everyone confirms at once (some twice).
    statuses = run_all([confirm(a) for a in addresses] + [confirm(a) for a in addresses[:40]])
    assert set(statuses) == {200}
    counts = services.counts(services.event_state(english))
    assert counts[Status.CONFIRMED] == SEATS
    assert counts[Status.WAITLISTED] == PEOPLE - SEATS
    assert sum(counts.values()) == PEOPLE
    # Waiting-list positions are 1..150, each once, in the order addresses were confirmed.
    waiting = Registration.objects.filter(status=Status.WAITLISTED)
    assert sorted(r.waitlist_position() for r in waiting) == list(range(1, PEOPLE - SEATS + 1))
    first = waiting.order_by("email_confirmed_at", "pk").first()

    # One cancellation promotes exactly one person: the first on the waiting list.
    seated = list(Registration.objects.filter(status=Status.CONFIRMED).order_by("pk"))
    services.cancel(seated[0])
    assert Registration.objects.filter(status=Status.OFFERED).get() == first
    assert Registration.objects.filter(status__in=Registration.SEATED).count() == SEATS

    # Ten cancellations at once (and each twice) free ten seats: ten more offers, no more.
    def cancel(registration):
        def job():
            token = tokens.make(registration, tokens.CANCEL)
            return Client().post(f"/en/registrations/cancel/{token}/").status_code

        return job

    statuses = run_all([cancel(r) for r in seated[1:11]] * 2)
    assert set(statuses) == {200}
    counts = services.counts(services.event_state(english))
    assert counts[Status.OFFERED] == 11
    assert counts[Status.CONFIRMED] == SEATS - 11
    assert counts[Status.WAITLISTED] == PEOPLE - SEATS - 11
    assert counts[Status.CANCELLED] == 11

    # Offers claimed at once, with late sign-ups confirming at the same time: still 50 seats.
    offered = list(Registration.objects.filter(status=Status.OFFERED))

    def claim(registration):
        def job():
            token = tokens.make(registration, tokens.CLAIM)
            return Client().post(f"/en/registrations/seat/{token}/").status_code

        return job

    late = [f"late{n}@example.org" for n in range(20)]
    run_all([sign_up(a) for a in late])
    keys.update(Registration.objects.filter(email__in=late).values_list("email_normalised", "key"))
    statuses = run_all([claim(r) for r in offered] + [confirm(a) for a in late])
    assert set(statuses) == {200}
    counts = services.counts(services.event_state(english))
    assert counts[Status.CONFIRMED] == SEATS
    assert counts[Status.OFFERED] == 0
    assert counts[Status.WAITLISTED] == PEOPLE - SEATS - 11 + len(late)
