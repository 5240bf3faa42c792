"""The widgets of the Train tab and where they sit (the view's ``setupUi``).

:func:`lay_out` builds every child widget of a
:class:`~workbench.dashboard.training_view.TrainingView`, stores each as an attribute of the
view (``view.train_button``, ``view.loss_panel``, …) and connects it to the view's slots:
the alerts banner, the row of run controls, the status and progress row, the dashboard
pages (:data:`~workbench.dashboard.pages.DASHBOARD_PAGES`) beside the display options and
the run list, the Export menu and the Space shortcut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.dashboard.health import HealthBanner
from workbench.dashboard.pages import COLUMNS, DASHBOARD_PAGES
from workbench.dashboard.progress_panel import ProgressPanel
from workbench.dashboard.run_list import RunList
from workbench.dashboard.speed_control import SpeedControl
from workbench.dashboard.timeline_bar import TimelineBar

if TYPE_CHECKING:
    from workbench.dashboard.training_view import TrainingView

translate = QCoreApplication.translate


def lay_out(view: TrainingView) -> None:
    """Create the Train tab's widgets in ``view`` and connect them to its slots."""
    layout = QVBoxLayout(view)
    layout.setContentsMargins(6, 6, 6, 6)
    layout.setSpacing(4)
    view.banner = HealthBanner()      # always there, fixed height: controls never jump
    layout.addWidget(view.banner)

    controls = QHBoxLayout()
    controls.setSpacing(4)

    style = view.style()

    def button(text, tip, slot, icon=None):
        b = QPushButton(text)
        if icon is not None:
            b.setIcon(style.standardIcon(icon))
        b.setToolTip(tip)
        b.clicked.connect(slot)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        controls.addWidget(b)
        return b

    sp = QStyle.StandardPixmap
    view.train_button = button(
        translate("TrainingView", "Train"),
        translate("TrainingView", "Start training, or resume a paused run "
                  "(Space toggles Train/Pause)"), view.train, sp.SP_MediaPlay)
    view.pause_button = button(
        translate("TrainingView", "Pause"),
        translate("TrainingView", "Pause after the current iteration (Space)"),
        view.pause, sp.SP_MediaPause)
    view.step_button = button(
        translate("TrainingView", "Step"),
        translate("TrainingView", "Run one iteration (one batch: forward pass, "
                  "backward pass, update), then pause"), view.step, sp.SP_MediaSeekForward)
    view.step_epoch_button = button(
        translate("TrainingView", "Step epoch"),
        translate("TrainingView", "Run to the end of the current epoch (one pass over the "
                  "training set), then pause"), view.step_epoch, sp.SP_MediaSkipForward)
    view.stop_button = button(
        translate("TrainingView", "Stop"),
        translate("TrainingView", "End this run; it stays in the run list"),
        view.stop, sp.SP_MediaStop)
    view.reset_button = button(
        translate("TrainingView", "Reset"),
        translate("TrainingView", "Start a new run from the experiment: the same seed gives "
                  "the same initial weights"), view.reset, sp.SP_BrowserReload)
    controls.addSpacing(12)
    lr_label = QLabel(translate("TrainingView", "Learning rate:"))
    view.lr_field = QLineEdit()
    view.lr_field.setFixedWidth(90)
    # no validator: it would swallow "-1" as "1" and ignore "nan" or "1e999" in silence;
    # apply_lr answers every entry with one sentence
    view.lr_field.setToolTip(translate(
        "TrainingView", "The step size of gradient descent. Editable while a run is "
        "active: press Enter to apply it from the next iteration; the "
        "change is marked on the plots."))
    view.lr_field.setAccessibleName(
        translate("TrainingView", "learning rate")
    )
    lr_label.setBuddy(view.lr_field)
    view.lr_field.returnPressed.connect(view.apply_lr)
    controls.addWidget(lr_label)
    controls.addWidget(view.lr_field)
    controls.addSpacing(12)
    view.gradcheck_button = button(translate("TrainingView", "Check gradients"), translate(
        "TrainingView",
        "Compare back propagation with finite differences on the current network and a "
        "small batch of training data"), view.check_gradients)
    view.explain_button = button(translate("TrainingView", "Explain step"), translate(
        "TrainingView",
        "Walk through the next iteration: forward propagation, loss, back propagation and "
        "the update, with the engine's numbers (when the run is ready or paused)"),
        view.explain_step)
    controls.addStretch(1)
    view.export_button = QToolButton()
    view.export_button.setText(translate("TrainingView", "Export"))
    view.export_button.setToolTip(translate("TrainingView", "Save the trained weights, the "
                                            "history as CSV or a plot as PNG/SVG"))
    view.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    controls.addWidget(view.export_button)
    layout.addLayout(controls)

    status_row = QHBoxLayout()
    view.status = QLabel(translate("TrainingView", "Press Train to start."))
    view.status.setMinimumWidth(150)
    view.status.setToolTip(translate("TrainingView", "State of the current run"))
    status_row.addWidget(view.status)
    # the pace sits on the progress row, not among the buttons: there it would widen the
    # window's minimum past a 1024-pixel screen
    view.speed = SpeedControl(view.document.experiment)
    view.speed.pace_changed.connect(view._pace_changed)
    status_row.addWidget(view.speed)
    status_row.addSpacing(12)
    view.progress = ProgressPanel()
    status_row.addWidget(view.progress, 1)
    layout.addLayout(status_row)

    view.pages = QTabWidget()
    view.pages.setDocumentMode(True)
    view.page_panels: list[list] = []
    for title, tip, panels in DASHBOARD_PAGES:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setSpacing(4)
        created = []
        for i, (name, panel_class) in enumerate(panels):
            panel = panel_class()
            setattr(view, name, panel)
            span = COLUMNS if len(panels) == 1 else 1   # a page of one panel: full width
            grid.addWidget(panel, i // COLUMNS, i % COLUMNS, 1, span)
            created.append(panel)
        for c in range(COLUMNS):
            grid.setColumnStretch(c, 1)
        view.pages.addTab(page, QCoreApplication.translate("DashboardPages", title))
        view.pages.setTabToolTip(view.pages.count() - 1,
                                 QCoreApplication.translate("DashboardPages", tip))
        view.page_panels.append(created)
    view.pages.currentChanged.connect(lambda _i: view.refresh(force=True))
    view.panels = [p for panels in view.page_panels for p in panels]
    # hovering a neuron in the diagram shows its map large in the decision boundary panel
    view.network_panel.neuron_hovered.connect(
        lambda column, row: view.boundary_panel.show_neuron(view.shown_run(view.run), column,
                                                            row))
    # both draw over the plane chosen in the boundary panel; a new one goes to the trainer
    view.network_panel.maps_source = view.boundary_panel.plane_maps
    view.boundary_panel.plane_chosen.connect(lambda choice: plane_chosen(view, choice))
    # time travel: the timeline under the pages scrubs them to a kept moment
    view.timeline = TimelineBar()
    view.timeline.moment_changed.connect(view._moment_chosen)
    view.timeline.branch_requested.connect(view.branch_from_here)
    dashboards = QWidget()
    dashboards_layout = QVBoxLayout(dashboards)
    dashboards_layout.setContentsMargins(0, 0, 0, 0)
    dashboards_layout.setSpacing(2)
    dashboards_layout.addWidget(view.pages, 1)
    dashboards_layout.addWidget(view.timeline)

    side = QWidget()
    side_layout = QVBoxLayout(side)
    side_layout.setContentsMargins(0, 0, 0, 0)
    display = QGroupBox(translate("TrainingView", "Display"))
    form = QVBoxLayout(display)
    row = QHBoxLayout()
    smooth_label = QLabel(translate("TrainingView", "Smoothing:"))
    view.smoothing_slider = QSlider(Qt.Orientation.Horizontal)
    view.smoothing_slider.setRange(0, 99)
    view.smoothing_slider.setValue(int(view.options.smoothing * 100))
    view.smoothing_slider.setToolTip(translate(
        "TrainingView", "Weight of the exponential moving average drawn over "
                                     "the batch loss (0: none, 0.99: very smooth), as in "
                                     "TensorBoard"))
    view.smoothing_slider.setAccessibleName(
        translate("TrainingView", "smoothing")
    )
    smooth_label.setBuddy(view.smoothing_slider)
    view.smoothing_value = QLabel(f"{view.options.smoothing:.2f}")
    view.smoothing_slider.valueChanged.connect(view._smoothing_changed)
    row.addWidget(smooth_label)
    row.addWidget(view.smoothing_slider, 1)
    row.addWidget(view.smoothing_value)
    form.addLayout(row)
    view.log_check = QCheckBox(translate("TrainingView", "Log scale (loss)"))
    view.log_check.setToolTip(translate(
        "TrainingView", "Draw the loss on a logarithmic axis: small late improvements "
                              "become visible"))
    view.log_check.toggled.connect(view._log_toggled)
    form.addWidget(view.log_check)
    side_layout.addWidget(display)
    runs_box = QGroupBox(translate("TrainingView", "Compare runs"))
    runs_layout = QVBoxLayout(runs_box)
    view.run_list = RunList()
    view.run_list.overlays_changed.connect(lambda: view.refresh(force=True))
    runs_layout.addWidget(view.run_list)
    side_layout.addWidget(runs_box, 1)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(dashboards)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 1)
    splitter.setStretchFactor(1, 0)
    splitter.setSizes([1000, 250])
    splitter.setChildrenCollapsible(False)
    side.setMinimumWidth(190)
    layout.addWidget(splitter, 1)

    view.export_menu = view.exports.build_menu(view.export_button)
    view.export_weights_action = view.exports.weights_action
    view.export_button.setMenu(view.export_menu)
    for panel in view.panels:
        panel.show_legend(False)       # no legend before there is anything to name
    view.space_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), view)
    view.space_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    view.space_shortcut.activated.connect(view.toggle_training)


def plane_chosen(view, choice) -> None:
    """The boundary panel's plane changed: the running trainer draws over it from its next
    epoch end on, the next run from its start; the diagram redraws its maps now (computed
    by the panel meanwhile)."""
    view.worker_options = {**view.worker_options, "plane": choice}
    if view.session is not None:
        view.session.request_plane(choice)
    view.refresh(force=True)
