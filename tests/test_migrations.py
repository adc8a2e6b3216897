"""Every migration reverses: the whole schema goes back to zero and forward again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

THIRD_PARTY = {"django_tasks_database", "django_tasks_db"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_all_migrations_reverse_and_reapply():
    executor = MigrationExecutor(connection)
    # Third-party apps (django_tasks_db ships an irreversible data migration) stay as they are.
    leaves = [leaf for leaf in executor.loader.graph.leaf_nodes() if leaf[0] not in THIRD_PARTY]
    executor.migrate([(app, None) for app, _ in leaves])
    tables = set(connection.introspection.table_names())
    assert not {t for t in tables if t.startswith(("directory_", "resources_hub_"))}
    executor.loader.build_graph()
    executor.migrate(leaves)
    assert "directory_auditevent" in connection.introspection.table_names()
    # The data migration ran again: the help numbers are back.
    from directory.models import ReferralChannel

    assert ReferralChannel.objects.filter(number="3018").exists()
