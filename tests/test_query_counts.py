"""Every page of the bench's list runs the same number of SQL queries at demo size and with a
larger dataset on top (``seed_scale`` at a small factor): a new N+1 query fails here.

The bench (``bench/bench_pages.py``) measures the same list at académie size on PostgreSQL.
"""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.bench_pages import collect_pages, resolve
from directory.models import User
from resources_hub.management.commands.seed_scale import seed_scale


def count_pages(rows) -> dict[str, tuple[int, int]]:
    """(status, queries) per page, measured on the second request (caches warm, as on a server)."""
    clients: dict[str, Client] = {}
    counts = {}
    for label, url, username in rows:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        path = resolve(url)
        clients[username].get(path)
        with CaptureQueriesContext(connection) as captured:
            response = clients[username].get(path)
        counts[label] = (response.status_code, len(captured))
    return counts


@pytest.mark.django_db
def test_every_bench_page_runs_the_same_queries_at_two_sizes(settings):
    settings.HZ_PDF_PER_MINUTE = 10_000
    settings.HZ_UNUSUAL_ACCESS_COUNT = 10_000
    cache.clear()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    pages, pdfs = collect_pages()
    rows = pages + pdfs
    small = count_pages(rows)

    seed_scale(factor=0.01, audit_rows=300, stdout=io.StringIO())
    large = count_pages(rows)

    assert all(status == 200 for status, _ in small.values()), small
    differing = {
        label: (small[label], large[label]) for label in small if small[label] != large[label]
    }
    assert not differing, f"(statut, requêtes) démo puis plus grand : {differing}"
