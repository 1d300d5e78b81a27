"""Loaded by pytest before Django reads its settings (`-p tests.environment` in pyproject.toml):
the suite runs the development profile whatever the caller's shell exports. Production settings
are tested in subprocesses that set their own environment (tests/test_production.py)."""

import os

KEPT = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}

for name in list(os.environ):
    if (name.startswith("DJANGO_") and name not in KEPT) or name in {"REDIS_URL"}:
        del os.environ[name]
