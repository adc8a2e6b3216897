"""Test settings: fast hashing, in-memory e-mail, no two-factor unless a test asks for it."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403
from config.settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
HZ_TWO_FACTOR_REQUIRED = False
# Tasks run at once in tests (after the commit, like the worker would).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
DATABASES["default"]["CONN_MAX_AGE"] = 0
LOGGING = {"version": 1, "disable_existing_loggers": False}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="hz-test-media-"))
# A second, empty database for the backup → restore drill (tests/test_backup.py); created only
# for the tests that ask for it.
DATABASES["restore"] = {**DATABASES["default"], "TEST": dict(DATABASES["default"].get("TEST", {}))}
if not DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["restore"]["TEST"]["NAME"] = f"test_{DATABASES['default']['NAME']}_restore"
