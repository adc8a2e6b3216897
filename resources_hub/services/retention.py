"""Retention: the audit log is purged of rows older than ``HZ_AUDIT_RETENTION_DAYS``.

On PostgreSQL a trigger refuses every DELETE on the audit table unless the transaction has set
``hz.audit_purge`` (directory migration 0002): this is the only place that sets it. The purge
itself leaves one audit row, so the log shows when and how much was removed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from directory import audit
from directory.models import AuditEvent


@dataclass
class AuditPurgeReport:
    cutoff: datetime
    count: int
    dry_run: bool


def audit_purge(*, older_than_days: int, dry_run: bool, now=None) -> AuditPurgeReport:
    """Delete the audit rows written before ``now - older_than_days`` (nothing in a dry run)."""
    if older_than_days < 1:
        raise ValueError("La durée de conservation du journal doit être d'au moins un jour.")
    now = now or timezone.now()
    cutoff = now - timedelta(days=older_than_days)
    old_rows = AuditEvent.objects.filter(at__lt=cutoff)
    if dry_run:
        return AuditPurgeReport(cutoff=cutoff, count=old_rows.count(), dry_run=True)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL hz.audit_purge = 'on'")
        count = old_rows.count()
        if count:
            old_rows.delete()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL hz.audit_purge = 'off'")
        audit.record(
            "delete",
            detail=(
                f"purge du journal d'audit : {count} entrée(s) antérieure(s) au "
                f"{timezone.localtime(cutoff):%d/%m/%Y}"
            ),
        )
    return AuditPurgeReport(cutoff=cutoff, count=count, dry_run=False)
