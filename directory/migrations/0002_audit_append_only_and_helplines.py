"""Make the audit log append-only in the database, and seed the help numbers (editable later)."""

from django.db import migrations

PG_FORWARD = """
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
PG_BACKWARD = """
DROP TRIGGER IF EXISTS hz_audit_append_only ON directory_auditevent;
DROP FUNCTION IF EXISTS hz_audit_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER hz_audit_no_update BEFORE UPDATE ON directory_auditevent
BEGIN SELECT RAISE(ABORT, 'Le journal d''audit est en ajout seul'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS hz_audit_no_update;"


def forward_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


CHANNELS = [
    ("Non au harcèlement", "3018", "",
     "Numéro national unique contre le harcèlement et le cyberharcèlement : gratuit, anonyme, "
     "7 jours sur 7 de 9 h à 23 h, aussi par tchat et application.", True),
    ("Ancien numéro, redirigé vers le 3018", "3020", "", "", True),
    ("Allô enfance en danger", "119", "", "Gratuit, 24 h sur 24, 7 jours sur 7.", True),
    ("Urgences", "17 / 112", "", "Police secours ; 114 par SMS pour les personnes sourdes.", False),
    ("Site national Non au harcèlement", "", "https://www.nonauharcelement.education.gouv.fr/",
     "Ressources pour les élèves, les parents et les équipes.", True),
]


def seed_channels(apps, schema_editor):
    ReferralChannel = apps.get_model("directory", "ReferralChannel")
    for order, (label, number, url, description, in_footer) in enumerate(CHANNELS):
        ReferralChannel.objects.using(schema_editor.connection.alias).get_or_create(
            label=label,
            defaults={"number": number, "url": url, "description": description,
                      "order": order * 10, "in_footer": in_footer},
        )


def unseed_channels(apps, schema_editor):
    ReferralChannel = apps.get_model("directory", "ReferralChannel")
    ReferralChannel.objects.using(schema_editor.connection.alias).filter(label__in=[c[0] for c in CHANNELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(forward_triggers, backward_triggers),
        migrations.RunPython(seed_channels, unseed_channels),
    ]
