"""The admin role stays out of case content and out of its own rights (issue 8, item 3)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from directory.auth import wait_for_background_mail
from directory.management.commands.seed_demo import Command as SeedDemo
from directory.models import AuditEvent, Notification, Role
from tests.factories import AssignmentFactory, UserFactory


@pytest.fixture
def gestionnaire(world):
    """An administrator as the demo has one: staff, not superuser, the admin group's rights."""
    user = UserFactory(username="gestionnaire", email="gestionnaire@exemple.test", is_staff=True)
    user.groups.add(SeedDemo()._admin_group())
    AssignmentFactory(user=user, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    return user, client


def _assignment_form(user, role, **scope) -> dict:
    return {
        "user": user.pk,
        "role": role,
        "district": scope.get("district", ""),
        "school": scope.get("school", ""),
        "valid_from": "2026-09-01",
        "valid_until": "",
    }


def test_nobody_grants_themselves_a_role_in_the_admin(world, gestionnaire):
    user, client = gestionnaire
    url = reverse("admin:directory_roleassignment_add")
    response = client.post(url, _assignment_form(user, Role.INSPECTOR, district=world.d1.pk))
    assert response.status_code == 200
    assert "Vous ne pouvez pas modifier vos propres rôles" in response.content.decode()
    assert not user.assignments.filter(role=Role.INSPECTOR).exists()


def test_the_superuser_cannot_either(world):
    admin = world.users["admin"]
    client = world.client_for("admin")
    url = reverse("admin:directory_roleassignment_add")
    client.post(url, _assignment_form(admin, Role.INSPECTOR, district=world.d1.pk))
    assert not admin.assignments.filter(role=Role.INSPECTOR).exists()
    own = admin.assignments.get()
    change = reverse("admin:directory_roleassignment_change", args=[own.pk])
    assert client.post(change, _assignment_form(admin, Role.ADMIN)).status_code == 403
    delete = reverse("admin:directory_roleassignment_delete", args=[own.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert admin.assignments.filter(pk=own.pk).exists()


def test_own_roles_and_rights_are_read_only_on_ones_own_account(world, gestionnaire):
    user, client = gestionnaire
    page = client.get(reverse("admin:directory_user_change", args=[user.pk]))
    form = page.context["adminform"].form
    for name in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert name not in form.fields
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission and not inline.has_change_permission
    # A forged inline row adding the inspector role is ignored.
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-0-role": Role.INSPECTOR,
        "assignments-0-district": world.d1.pk,
        "assignments-0-valid_from": "2026-09-01",
        "is_superuser": "on",
    }
    client.post(reverse("admin:directory_user_change", args=[user.pk]), data)
    user.refresh_from_db()
    assert not user.is_superuser
    assert not user.assignments.filter(role=Role.INSPECTOR).exists()


def test_a_school_role_grant_is_journalled_and_told_to_that_districts_ien(world, gestionnaire):
    _user, client = gestionnaire
    newcomer = UserFactory(username="nouvelle", email="nouvelle@exemple.test")
    url = reverse("admin:directory_roleassignment_add")
    response = client.post(url, _assignment_form(newcomer, Role.DIRECTOR, school=world.school_b.pk))
    assert response.status_code == 302
    row = AuditEvent.objects.get(action="create", object_type="directory.roleassignment")
    assert row.district_id == world.d1.pk and row.actor == "gestionnaire"
    told = Notification.objects.filter(event="role.granted")
    assert list(told.values_list("user__username", flat=True)) == ["ien"]
    # The inspector finds it in their journal; the other district's does not.
    page = world.client_for("ien").get(reverse("directory:audit-log")).content.decode()
    assert str(newcomer) in page
    other = world.client_for("ien_autre").get(reverse("directory:audit-log")).content.decode()
    assert str(newcomer) not in other


def test_a_grant_made_on_the_account_page_is_told_too(world, gestionnaire):
    _user, client = gestionnaire
    newcomer = UserFactory(username="nouveau", email="nouveau@exemple.test")
    data = {
        "username": "nouveau",
        "email": "nouveau@exemple.test",
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "date_joined_0": "01/09/2026",
        "date_joined_1": "08:00:00",
        "assignments-TOTAL_FORMS": "1",
        "assignments-INITIAL_FORMS": "0",
        "assignments-0-role": Role.POLE_MEMBER,
        "assignments-0-district": world.d2.pk,
        "assignments-0-valid_from": "2026-09-01",
    }
    response = client.post(reverse("admin:directory_user_change", args=[newcomer.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert newcomer.assignments.filter(role=Role.POLE_MEMBER).exists()
    row = AuditEvent.objects.get(object_type="directory.roleassignment")
    assert row.district_id == world.d2.pk
    told = Notification.objects.filter(event="role.granted")
    assert list(told.values_list("user__username", flat=True)) == ["ien_autre"]


def test_totp_secrets_are_never_shown(world, gestionnaire):
    _user, client = gestionnaire
    device = TOTPDevice.objects.create(user=world.users["ien"], name="Téléphone", confirmed=True)
    pages = [
        client.get(reverse("admin:otp_totp_totpdevice_changelist")),
        client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])),
    ]
    import base64

    secret_b32 = base64.b32encode(device.bin_key).decode()
    for page in pages:
        assert page.status_code == 200
        text = page.content.decode()
        assert device.key not in text and secret_b32 not in text and "qrcode" not in text
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    superuser = world.client_for("admin")
    text = superuser.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content
    assert device.key.encode() not in text


def test_the_admin_sends_a_reset_link_and_never_sets_a_password(world, gestionnaire, mailoutbox):
    _user, client = gestionnaire
    target = world.users["directeur"]
    before = target.password
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = client.post(url, {"password1": "Un-nouveau-mot-de-passe-2026", "password2": "x"})
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.password == before
    page = client.get(reverse("admin:directory_user_change", args=[target.pk])).content.decode()
    assert "pbkdf2" not in page and "/password/" not in page and "Envoyer un lien" in page
    changelist = reverse("admin:directory_user_changelist")
    client.post(changelist, {"action": "send_password_links", "_selected_action": [target.pk]})
    wait_for_background_mail()
    assert [m.to for m in mailoutbox] == [["directeur@exemple.test"]]
    assert "http://127.0.0.1:8000/" in mailoutbox[0].body  # PUBLIC_URL, never the Host header
    row = AuditEvent.objects.get(detail="lien de réinitialisation du mot de passe envoyé")
    assert row.district_id == world.d1.pk


def test_a_new_account_has_no_password_and_gets_a_link(
    world, gestionnaire, mailoutbox, django_capture_on_commit_callbacks
):
    _user, client = gestionnaire
    data = {"username": "arrivee", "email": "arrivee@exemple.test", "first_name": "A"}
    with django_capture_on_commit_callbacks(execute=True):
        management = {"assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"}
        response = client.post(reverse("admin:directory_user_add"), {**data, **management})
    assert response.status_code == 302
    created = get_user_model().objects.get(username="arrivee")
    assert not created.has_usable_password()
    wait_for_background_mail()
    assert [m.to for m in mailoutbox] == [["arrivee@exemple.test"]]


def test_admin_index_is_french_and_hides_library_internals(world, gestionnaire):
    _user, client = gestionnaire
    page = client.get(reverse("admin:index")).content.decode()
    assert "Harcèlement Zéro — administration" in page
    assert "Verrouillage des connexions" in page and "Double authentification" in page
    for internal in ("django_tasks", "Tasks Database", "Task result", "Axes", "OTP", "dsfr/"):
        assert internal not in page
    assert client.get("/admin/django_tasks_database/").status_code in {403, 404}
    assert client.get("/admin/dsfr/").status_code in {403, 404}
    superuser = world.client_for("admin").get(reverse("admin:index")).content.decode()
    assert "Tâches de fond (technique)" in superuser


def test_pole_members_are_read_only_in_the_admin(world, gestionnaire):
    from resources_hub.models import Pole

    _user, client = gestionnaire
    response = client.get(reverse("admin:resources_hub_pole_add"))
    assert response.status_code == 200
    pole = Pole.objects.create(name="Pôle Nanterre", district=world.d1)
    page = client.get(reverse("admin:resources_hub_pole_change", args=[pole.pk]))
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission and not inline.has_change_permission


def test_a_second_factor_reset_is_journalled_for_the_accounts_district(world, gestionnaire):
    _user, client = gestionnaire
    device = TOTPDevice.objects.create(user=world.users["directeur"], name="Tél.", confirmed=True)
    delete = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    row = AuditEvent.objects.get(action="delete", detail__startswith="double authentification")
    assert row.district_id == world.d1.pk and row.object_id == str(world.users["directeur"].pk)


def test_changes_to_an_account_carry_its_district(world):
    from directory import audit

    assert audit.record("update", obj=world.users["directeur"]).district_id == world.d1.pk
    assert audit.record("update", obj=world.users["ien_autre"]).district_id == world.d2.pk
