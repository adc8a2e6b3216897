"""The audit log becomes evidence: HMAC-keyed chains, anchors, and database guards.

Existing rows are re-chained with the key (``AUDIT_CHAIN_KEY``); then triggers refuse UPDATE,
TRUNCATE and the DELETE of any row younger than 180 days, on PostgreSQL and on SQLite, with no
session flag to turn them off (the retention purge only deletes older rows). Anchors get the same.
"""

import hashlib

import django.utils.timezone
from django.db import migrations, models

MIN_AGE = "180 days"


PG_FORWARD = """
DROP TRIGGER IF EXISTS hz_audit_append_only ON directory_auditevent;
DROP FUNCTION IF EXISTS hz_audit_append_only();
CREATE OR REPLACE FUNCTION hz_audit_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Le journal d''audit est en ajout seul (%% refusé)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION hz_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Le journal d''audit est en ajout seul (TRUNCATE refusé)';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER hz_audit_guard BEFORE UPDATE OR DELETE ON directory_auditevent
    FOR EACH ROW EXECUTE FUNCTION hz_audit_guard();
CREATE TRIGGER hz_audit_no_truncate BEFORE TRUNCATE ON directory_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION hz_audit_no_truncate();
CREATE TRIGGER hz_audit_anchor_guard BEFORE UPDATE OR DELETE ON directory_auditanchor
    FOR EACH ROW EXECUTE FUNCTION hz_audit_guard();
CREATE TRIGGER hz_audit_anchor_no_truncate BEFORE TRUNCATE ON directory_auditanchor
    FOR EACH STATEMENT EXECUTE FUNCTION hz_audit_no_truncate();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS hz_audit_guard ON directory_auditevent;
DROP TRIGGER IF EXISTS hz_audit_no_truncate ON directory_auditevent;
DROP TRIGGER IF EXISTS hz_audit_anchor_guard ON directory_auditanchor;
DROP TRIGGER IF EXISTS hz_audit_anchor_no_truncate ON directory_auditanchor;
DROP FUNCTION IF EXISTS hz_audit_guard();
DROP FUNCTION IF EXISTS hz_audit_no_truncate();
"""
PG_OLD = """
CREATE OR REPLACE FUNCTION hz_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('hz.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Le journal d''audit est en ajout seul (%% refusé)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER hz_audit_append_only
    BEFORE UPDATE OR DELETE ON directory_auditevent
    FOR EACH ROW EXECUTE FUNCTION hz_audit_append_only();
"""
SQLITE_TABLES = ("directory_auditevent", "directory_auditanchor")
SQLITE_FORWARD = [
    statement
    for table in SQLITE_TABLES
    for statement in (
        f"CREATE TRIGGER hz_guard_update_{table} BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'Le journal d''audit est en ajout seul'); END;",
        f"CREATE TRIGGER hz_guard_delete_{table} BEFORE DELETE ON {table} "
        f"WHEN OLD.at > datetime('now', '-{MIN_AGE}') "
        "BEGIN SELECT RAISE(ABORT, 'Le journal d''audit est en ajout seul'); END;",
    )
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS hz_guard_{kind}_{table};"
    for table in SQLITE_TABLES
    for kind in ("update", "delete")
]
SQLITE_OLD = (
    "CREATE TRIGGER hz_audit_no_update BEFORE UPDATE ON directory_auditevent "
    "BEGIN SELECT RAISE(ABORT, 'Le journal d''audit est en ajout seul'); END;"
)


def _old_digest(event) -> str:
    parts = [
        event.prev_hash, event.at.isoformat(), str(event.user_id or ""), event.actor,
        event.action, event.object_type, event.object_id, event.object_repr,
        str(event.district_id or ""), event.ip or "", event.detail,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _rechain(apps, digest, alias: str = "default") -> None:
    AuditEvent = apps.get_model("directory", "AuditEvent")
    previous, batch = "0" * 64, []
    for event in AuditEvent.objects.using(alias).order_by("pk").iterator(chunk_size=2000):
        event.chain, event.prev_hash = 0, previous
        event.hash = previous = digest(event)
        batch.append(event)
        if len(batch) >= 1000:
            AuditEvent.objects.using(alias).bulk_update(batch, ["chain", "prev_hash", "hash"])
            batch = []
    AuditEvent.objects.using(alias).bulk_update(batch, ["chain", "prev_hash", "hash"])


def _run(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    from directory.audit import _digest

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, ["DROP TRIGGER IF EXISTS hz_audit_no_update;"])
    elif vendor == "postgresql":
        _run(schema_editor, ["DROP TRIGGER IF EXISTS hz_audit_append_only ON directory_auditevent"])
    _rechain(apps, _digest, schema_editor.connection.alias)
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, [PG_FORWARD])


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, [PG_BACKWARD])
    _rechain(apps, _old_digest, schema_editor.connection.alias)
    if vendor == "sqlite":
        _run(schema_editor, [SQLITE_OLD])
    elif vendor == "postgresql":
        _run(schema_editor, [PG_OLD])


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0005_notifications_partners'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditAnchor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='date')),
                ('last_id', models.BigIntegerField(verbose_name='dernière entrée')),
                ('rows', models.BigIntegerField(default=0, verbose_name='entrées')),
                ('heads', models.JSONField(default=dict, verbose_name='têtes des chaînes')),
                ('signature', models.CharField(max_length=64, verbose_name='signature')),
            ],
            options={
                'verbose_name': "ancre du journal d'audit",
                'verbose_name_plural': "ancres du journal d'audit",
                'ordering': ['-at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='auditevent',
            name='chain',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='chaîne'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['chain', '-id'], name='audit_chain_head_idx'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['user', 'at'], name='audit_user_at_idx'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['actor'], name='audit_actor_prefix_idx', opclasses=['varchar_pattern_ops']),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['district', '-id'], name='audit_district_id_idx'),
        ),
        migrations.RunPython(forward, backward),
    ]
