"""Retention: the audit log is purged of rows older than ``HZ_AUDIT_RETENTION_DAYS``.

The database refuses to delete audit rows younger than ``directory.audit.MIN_RETENTION_DAYS``
(directory migration 0006, no session flag); ``directory.audit.purge`` deletes the older ones.
The purge itself leaves one audit row, so the log shows when and how much was removed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
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
        count = audit.purge(older_than_days=older_than_days, now=now)
        audit.record(
            "delete",
            detail=(
                f"purge du journal d'audit : {count} entrée(s) antérieure(s) au "
                f"{timezone.localtime(cutoff):%d/%m/%Y}"
            ),
        )
    return AuditPurgeReport(cutoff=cutoff, count=count, dry_run=False)
