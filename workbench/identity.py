"""The application's names, for the window system, QSettings and the window title (no Qt)."""

#: QSettings organization and application names (the settings file's folder and name).
ORGANIZATION = "nn-workbench"
APPLICATION = "nn-workbench"
#: What the window title and the About box call the application.
APPLICATION_DISPLAY_NAME = "Neural Network Workbench"
