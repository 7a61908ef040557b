from __future__ import annotations

import pytest


@pytest.fixture
def head(tracker_app):
    """The position of the last stored event, 0 when none."""
    return lambda: tracker_app.recorder.max_notification_id() or 0
