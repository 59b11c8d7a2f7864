"""Fixtures for the report tests: a var directory of their own and a known snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from assure.insight.models import AnnexASnapshot
from assure.insight.services import snapshot_import
from tests.insight.report.report_fixtures import D, write_annex


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    cache.clear()
    return tmp_path / "var"


@pytest.fixture
def snapshot(db: Any, var_dir: Path, tmp_path: Path) -> AnnexASnapshot:
    result = snapshot_import(path=write_annex(tmp_path / "annex"), as_of=D)
    assert result.snapshot is not None, result.message
    return result.snapshot
