"""The bench's baseline: the base template and nothing else (``bench/bench_pages.py``).

Routed only when ``HZ_BENCH=true``, which the settings refuse outside local hosts.
"""

from django.shortcuts import render


def baseline(request):
    return render(request, "bench/baseline.html")
