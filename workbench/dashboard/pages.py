"""The pages of the Train tab's dashboard and the panels on each, in order.

To add a dashboard panel, write its class (a :class:`~workbench.dashboard.plot_panel.PlotPanel`)
and list it here: the view creates it, lays it out on its page (three columns), redraws
it, offers it in the Export menu and hands it every run.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

from workbench.dashboard.confusion_panel import ConfusionPanel
from workbench.dashboard.decision_boundary_panel import DecisionBoundaryPanel
from workbench.dashboard.feature_map_panel import FeatureMapPanel, convolution_layers
from workbench.dashboard.layer_panels import (
    DeadUnitsPanel,
    GradientHistogramPanel,
    GradientNormPanel,
    UpdateRatioPanel,
    WeightHistoryPanel,
    WeightMatrixPanel,
)
from workbench.dashboard.loss_landscape_panel import LossLandscapePanel
from workbench.dashboard.network_diagram_panel import NetworkPanel
from workbench.dashboard.scalar_panels import LearningRatePanel, LossPanel, MetricPanel

#: Panels per row of a page.
COLUMNS = 3

#: ``(title, tooltip, ((view attribute, panel class), ...))`` per page; title and tooltip in
#: English, translated where shown (context ``DashboardPages``).
DASHBOARD_PAGES = (
    (QT_TRANSLATE_NOOP("DashboardPages", "Overview"),
     QT_TRANSLATE_NOOP("DashboardPages", "loss, accuracy, decision boundary, learning rate, "
                       "network, confusion matrix"),
     (("loss_panel", LossPanel), ("metric_panel", MetricPanel),
      ("boundary_panel", DecisionBoundaryPanel), ("lr_panel", LearningRatePanel),
      ("network_panel", NetworkPanel), ("confusion_panel", ConfusionPanel))),
    (QT_TRANSLATE_NOOP("DashboardPages", "Gradients"),
     QT_TRANSLATE_NOOP("DashboardPages", "gradient norms, gradient histograms, dead ReLU units"),
     (("grad_norm_panel", GradientNormPanel), ("grad_hist_panel", GradientHistogramPanel),
      ("dead_panel", DeadUnitsPanel))),
    (QT_TRANSLATE_NOOP("DashboardPages", "Weights"),
     QT_TRANSLATE_NOOP("DashboardPages", "weight distributions over time, weight matrix (a "
                       "convolution's filters), update ratio, feature maps of a validation "
                       "image"),
     (("weight_history_panel", WeightHistoryPanel),
      ("weight_matrix_panel", WeightMatrixPanel),
      ("update_ratio_panel", UpdateRatioPanel),
      ("feature_map_panel", FeatureMapPanel))),
    (QT_TRANSLATE_NOOP("DashboardPages", "Loss landscape"),
     QT_TRANSLATE_NOOP("DashboardPages", "the loss around the current weights along two "
                       "random directions, with the optimizer's path (computed when you "
                       "press Compute)"),
     (("landscape_panel", LossLandscapePanel),)),
)


def picture_page(layer_specs) -> int:
    """The page a picture of a trained network shows: the one with the filter grid (the
    weight-matrix panel) for a network with a convolution, else the first page."""
    if not convolution_layers(layer_specs):
        return 0
    return next(i for i, (_title, _tip, panels) in enumerate(DASHBOARD_PAGES)
                if any(cls is WeightMatrixPanel for _name, cls in panels))
