"""The settings panels beside the network designer: data source and training settings."""

from workbench.panels.dataset_panel import DatasetPanel
from workbench.panels.training_panel import TrainingPanel

__all__ = ["DatasetPanel", "TrainingPanel"]
