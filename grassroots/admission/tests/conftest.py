from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded documents go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def flow(world: Any) -> Any:
    from .helpers import Flow

    return Flow(world)


@pytest.fixture
def no1443(settings: Any) -> None:
    settings.GRASSROOTS = {**settings.GRASSROOTS, "ADMISSION_1443": False}
