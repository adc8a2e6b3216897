"""The scale seeder bulk-creates actions and survey answers for the schools it is given."""

import io
import random

from prevention import bench, scale
from prevention.models import Action, Answer


def test_scale_seeds_actions_and_answers(world):
    schools = [world.school_a, world.school_b, world.school_c]
    scale.seed(schools=schools, rng=random.Random(1), factor=0.001, stdout=io.StringIO())
    assert Action.objects.filter(school=world.school_a).count() >= 1
    assert 0 < Answer.objects.count() <= 200


def test_bench_pages_are_listed():
    assert all(url.startswith("/") for _, url, _ in bench.PAGES)
