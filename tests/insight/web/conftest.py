"""Fixtures for the insight pages: a throwaway var directory and a small imported Annex A."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.insight.web.insight_web_helpers import (
    AnnexASnapshot,
    import_snapshot,
    small_lists,
    write_csv_folder,
    write_xlsx,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    return Path(settings.VAR_DIR)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "annex-a.xlsx", small_lists(formula=False))


@pytest.fixture
def csv_folder(tmp_path: Path) -> Path:
    return write_csv_folder(tmp_path / "annex-a", small_lists())


@pytest.fixture
def snapshot(world: Any, var_dir: Path, csv_folder: Path) -> AnnexASnapshot:
    return import_snapshot(csv_folder)
