"""The two flaky tests, made deterministic (issue 8, item 12)."""

from django.urls import reverse

from directory import ratelimit


def test_rate_limit_windows_do_not_reset_mid_test(db, ratelimit_clock):
    """Ten hits a minute apart in real time would straddle an edge; the frozen clock never does."""
    first = ratelimit._window_start(ratelimit.timezone.now(), 60)
    assert [ratelimit.hit("t", "k", limit=3, window_seconds=60) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    assert ratelimit._window_start(ratelimit.timezone.now(), 60) == first
    assert ratelimit.timezone.now().second == 30


def test_pdf_rate_limit_counts_within_one_window(world, settings):
    settings.HZ_PDF_PER_MINUTE = 2
    client = world.client_for("directeur")
    url = reverse("directory:referral-sheet", kwargs={"uai": world.school_a.uai})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
