"""Requests and their baseline timed in turns, so that both meet the machine in the same state.

On a shared machine a bare view measured after its page took 0.45 ms in one minute and 0.76 in
the next, and the same API list was 3.9 times its bare view in one whole run and 5.3 times in
the next, 45 minutes later, with nothing changed in the API: measured one after the other, a
slow spell lands on one side only. So blocks of each take turns, and the first SETTLE requests
of each block are not counted: they find the caches and the collector as the other kind left
them (the first three bare views after a block of pages took 0.52-0.94 ms against 0.47-0.57 for
the rest, and a page after the bare views 5-20 % longer), so what is counted is each kind's
steady state, as when they were measured one after the other.
"""

import itertools
import time

BLOCK = 20
SETTLE = 3


def alternated(client, urls, bare_url, requests, before=None):
    """``requests`` timed GETs of ``urls`` (in turn, again from the first when they run out)
    and as many of ``bare_url``, in blocks of BLOCK taking turns. ``before`` runs ahead of each
    request of ``urls``, outside the time taken. Returns (samples, bare samples) in seconds,
    each sorted, and the last response of ``urls``."""
    urls = itertools.cycle(urls)
    measured, bare = [], []
    response = None
    for _round in range(max(1, requests // BLOCK)):
        for samples, block, ahead in (
            (measured, itertools.islice(urls, SETTLE + BLOCK), before),
            (bare, [bare_url] * (SETTLE + BLOCK), None),
        ):
            for position, url in enumerate(block):
                if ahead:
                    ahead()
                start = time.perf_counter()
                answer = client.get(url)
                elapsed = time.perf_counter() - start
                assert answer.status_code == 200, (url, answer.status_code, answer.content[:300])
                if position >= SETTLE:
                    samples.append(elapsed)
                if samples is measured:
                    response = answer
    return sorted(measured), sorted(bare), response


def p99(samples):
    return samples[int(len(samples) * 0.99) - 1]
