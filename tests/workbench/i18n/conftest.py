"""Fixtures for the interface's languages: the Chinese translation installed for one test."""

from __future__ import annotations

import pytest


@pytest.fixture
def chinese(qapp):
    """The application speaks Simplified Chinese during the test, English again after."""
    from workbench import i18n
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield qapp
    i18n.install(qapp, "en")
