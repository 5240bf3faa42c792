"""Explain one step: one training iteration walked through in four stages.

The Train tab's "Explain step" button (enabled while a run is ready or paused) opens
:class:`StepExplainerDialog`. It asks the run's worker to replay the next iteration on
copies of the network and optimizer (:meth:`TrainingSession.explain_step`, computed in the
training thread by :func:`core.training.step_explanation.explain_trainer_step`, so the GUI
never touches the trainer's arrays) and shows the answer on its own network diagram
(:mod:`workbench.dashboard.step_explainer_diagram`), stage by stage with Next and Back:

1. forward propagation — every neuron's z and a; the weighted sum and activation of the
   chosen neuron with its numbers;
2. the loss — prediction against label and the loss formula with its numbers;
3. back propagation — δ on every neuron, ∂L/∂w on the edges, ∂L/∂w = δ·a written out;
4. the update — Δw = −lr·g, and the optimizer's state (velocity, Adam's m and v).

By default the batch is the one the run's next iteration trains on, so pressing Step
afterwards applies exactly the explained update; a chosen training sample shows what one
stochastic-gradient step on that sample alone would do. Whenever the run pauses again the
explanation follows it to the new next iteration.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
)

from workbench.dashboard import step_explainer_text as text
from workbench.dashboard.network_columns import layout_columns
from workbench.dashboard.step_explainer_diagram import StepDiagram
from workbench.training.run_records import PAUSED, READY, RUNNING


class StepExplainerDialog(QDialog):
    """The four stages of one iteration for a training session (see the module docstring).

    Parameters
    ----------
    session : TrainingSession
        A prepared session; explanations are requested from its worker.
    info : RunInfo
        The run's facts (layer specs, training data, class names).
    """

    def __init__(self, session, info, parent=None):
        super().__init__(parent)
        self.session, self.info = session, info
        self.setWindowTitle(self.tr("Explain one step"))
        self.resize(1200, 720)
        self.explanation = None
        self.stage = 0
        self.chosen = (1, 0)
        self.stage_titles = (self.tr("1 of 4 · Forward propagation"),
                             self.tr("2 of 4 · Loss"),
                             self.tr("3 of 4 · Back propagation"),
                             self.tr("4 of 4 · Update"))
        shape = info.prepared.train.sample_shape if info.prepared is not None \
            else info.train_x.shape[1]
        self.columns = layout_columns(list(info.layer_specs), shape)

        layout = QVBoxLayout(self)
        chooser = QHBoxLayout()
        label = QLabel(self.tr("Training sample:"))
        self.sample_box = QSpinBox()
        self.sample_box.setRange(-1, max(len(info.train_x) - 1, 0))
        self.sample_box.setSpecialValueText(self.tr("the run's next batch"))
        self.sample_box.setValue(-1)
        self.sample_box.setMinimumWidth(170)
        self.sample_box.setToolTip(self.tr(
            "Which samples the step is explained on: the batch the run's next iteration "
            "trains on, or one sample of the training set by its index (what one step of "
            "stochastic gradient descent on that sample alone would do)."))
        label.setBuddy(self.sample_box)
        self.sample_box.valueChanged.connect(lambda _v: self.request())
        self.shown_box = QSpinBox()
        self.shown_box.setRange(1, 1)
        self.shown_box.setPrefix(self.tr("shown: sample "))
        self.shown_box.setToolTip(self.tr("Which sample of the batch the diagram shows; the "
                                          "gradients and the update are over the whole batch."))
        self.shown_box.valueChanged.connect(lambda _v: self.redraw())
        self.sample_info = QLabel()
        self.sample_info.setWordWrap(True)
        chooser.addWidget(label)
        chooser.addWidget(self.sample_box)
        chooser.addWidget(self.shown_box)
        chooser.addWidget(self.sample_info, 1)
        layout.addLayout(chooser)

        stages = QHBoxLayout()
        self.back_button = QPushButton(self.tr("Back"))
        self.next_button = QPushButton(self.tr("Next"))
        self.back_button.clicked.connect(lambda: self.go(self.stage - 1))
        self.next_button.clicked.connect(lambda: self.go(self.stage + 1))
        self.stage_label = QLabel()
        font = self.stage_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.stage_label.setFont(font)
        stages.addWidget(self.back_button)
        stages.addWidget(self.stage_label, 1, Qt.AlignmentFlag.AlignCenter)
        stages.addWidget(self.next_button)
        layout.addLayout(stages)
        self.legends = (
            self.tr("On each neuron: its weighted sum z and activation a. Edges: the weights "
                    "w (blue positive, orange negative, thicker when larger); the chosen "
                    "neuron's largest ones are written on them."),
            self.tr("On each neuron: its activation a; on the output layer the prediction ŷ "
                    "and the label y."),
            self.tr("On each neuron: δ = ∂L/∂z. Edges: the gradients ∂L/∂w (blue positive, "
                    "orange negative); the chosen neuron's largest ones are written on them."),
            self.tr("On each neuron: the change of its bias Δb. Edges: the changes Δw of the "
                    "weights; the chosen neuron's largest ones are written on them."))
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.diagram = StepDiagram()
        self.diagram.setToolTip(self.tr("Click a neuron to choose it: its formulas are "
                                        "written out on the right."))
        self.diagram.neuron_chosen.connect(self.choose)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        splitter.addWidget(self.diagram)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 380])
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        session.step_explained.connect(self.show_explained)
        session.state_changed.connect(self.session_state_changed)
        self.go(0)

    # ------------------------------------------------------------------ requests
    def request(self) -> None:
        """Ask the run's worker for the explanation of the chosen batch or sample."""
        if not self.session.active:
            self.status.setText(self.tr("This run has ended: press Explain step in the Train "
                                        "tab to explain a step of the current run."))
            return
        value = self.sample_box.value()
        self.status.setText(self.tr("Computing the step…"))
        self.session.explain_step(None if value < 0 else [value])

    def session_state_changed(self, state: str) -> None:
        """The run moved: follow it to its next iteration once it stops between steps."""
        if state in (READY, PAUSED) and self.isVisible():
            self.request()
        elif state == RUNNING:
            self.status.setText(self.tr("The run is training: the explanation shows the "
                                        "iteration it was about to run when it paused."))

    def show_explained(self, record) -> None:
        """An ExplainedStep from the worker: show it, or its one sentence."""
        if record.explanation is None:
            self.status.setText(record.error)
            return
        ex = record.explanation
        if not ex.columns or len(ex.columns) != len(self.columns) - 1:
            self.status.setText(self.tr("This network has no dense layers to draw: the "
                                        "explainer shows dense layers and their neurons."))
            return
        self.explanation = ex
        self.shown_box.setRange(1, ex.batch_size)
        self.shown_box.setVisible(ex.batch_size > 1)
        if ex.rows is not None and self.sample_box.value() < 0:
            rows = ", ".join(str(r) for r in ex.rows[:8]) + (" …" if len(ex.rows) > 8 else "")
            self.status.setText(self.tr("Iteration {} of the run, on its next batch of {} "
                                        "(training rows {}). Press Step in the Train tab to "
                                        "apply exactly this update.")
                                .format(ex.step_before + 1, ex.batch_size, rows))
        else:
            self.status.setText(self.tr("A step of stochastic gradient descent on this one "
                                        "sample (the run's own next iteration trains on its "
                                        "batch)."))
        self.redraw()

    # ------------------------------------------------------------------ navigation
    def go(self, stage: int) -> None:
        """Show stage ``stage`` (0 forward … 3 update)."""
        self.stage = min(max(int(stage), 0), 3)
        self.back_button.setEnabled(self.stage > 0)
        self.next_button.setEnabled(self.stage < 3)
        self.stage_label.setText(self.stage_titles[self.stage])
        self.legend.setText(self.legends[self.stage])
        self.redraw()

    def choose(self, column: int, row: int) -> None:
        """Choose the neuron whose formulas are written out."""
        self.chosen = (int(column), int(row))
        self.redraw()

    @property
    def sample(self) -> int:
        """The shown sample's position in the batch."""
        return self.shown_box.value() - 1

    def redraw(self) -> None:
        ex = self.explanation
        if ex is None:
            self.text.setHtml(self.tr("<p>Waiting for the engine…</p>"))
            return
        sample = min(self.sample, ex.batch_size - 1)
        c, r = self.chosen
        if not 0 <= c < len(self.columns) or r >= self.columns[c]["width"]:
            self.chosen = c, r = (1, 0)
        self.sample_info.setText(self._sample_text(ex, sample))
        self.diagram.show_stage(self.columns, ex, self.stage, sample, self.chosen)
        builders = (lambda: text.forward_text(ex, sample, c, r),
                    lambda: text.loss_text(ex, sample, self.info.class_names),
                    lambda: text.backward_text(ex, sample, c, r),
                    lambda: text.update_text(ex, c, r))
        self.text.setHtml(builders[self.stage]())

    def _sample_text(self, ex, sample: int) -> str:
        """The shown sample: its row, what the first column holds, its label or target."""
        shown = ex.columns[0].inputs if text.hidden_front(ex) else ex.x.reshape(len(ex.x), -1)
        x = ", ".join(text.number_text(v) for v in shown[sample][:6]) + \
            (", …" if shown.shape[1] > 6 else "")
        row = ex.rows[sample] if ex.rows is not None else "?"
        if text.hidden_front(ex):
            head = self.tr("Row {}: flattened convolution output ({} values: {})").format(
                row, shown.shape[1], x)
        else:
            head = self.tr("Row {}: features ({})").format(row, x)
        if ex.labels is not None:
            label = text.label_text(int(ex.labels[sample]), self.info.class_names)
            return head + ", " + self.tr("label {}").format(label)
        y = ", ".join(text.number_text(v) for v in np.ravel(ex.target[sample])[:4])
        return head + ", " + self.tr("target ({})").format(y)


def open_explainer(view):
    """The Train tab's "Explain step": the explainer for the current run, or a sentence
    saying why not. Returns the dialog (or None)."""
    session = view.session
    if session is None or not session.active or session.state not in (READY, PAUSED) \
            or session.info is None:
        view.show_error(QCoreApplication.translate("StepExplainerDialog", "Explain one step"),
                        QCoreApplication.translate(
                            "StepExplainerDialog",
                            "Explain step works between iterations: press Step (or Train, "
                            "then Pause) first, then explain the next iteration."))
        return None
    dialog = getattr(view, "explainer", None)
    if dialog is None or dialog.session is not session:
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        dialog = view.explainer = StepExplainerDialog(session, session.info, view)
    dialog.show()
    dialog.raise_()
    dialog.request()
    return dialog
