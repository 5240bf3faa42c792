"""Test configuration: Qt renders offscreen, so the suite runs on machines with no screen."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
