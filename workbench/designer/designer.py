"""The network designer: palette, layer stack, live analysis, properties, activation plot.

::

    ┌ Palette ─┐┌ Network ───────────────────────┐┌ Properties ──────┐
    │ LAYERS   ││ [Input · 2 features]           ││ Layer 2 · Dense   │
    │  Dense   ││   ↓                            ││ units [32]  ...   │
    │ ACTIV…   ││ [0 Dense 32 units → (b, 32)]   │├ Activation ──────┤
    │  ReLU …  ││   ↓ …                          ││  f(x), f′(x) plot │
    │ REGUL…   │├ Check ─────────────────────────┤│  advice           │
    │  Dropout ││ ✗ 1 error · Fix: set units … │└───────────────────┘
    └──────────┘└────────────────────────────────┘

The designer edits only through its :class:`~workbench.document.ExperimentDocument`
and redraws itself on ``document.changed``; the main window tells it the dataset's
shape with :meth:`NetworkDesigner.set_context`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.errors import WorkbenchError
from core.nn.analysis.fixes import fixed_experiment
from core.nn.analysis.report import Analysis, analyze
from core.nn.layers.base import as_shape, flat_width
from workbench.designer.activation_preview import ActivationPreview, activation_class
from workbench.designer.analysis_panel import AnalysisPanel
from workbench.designer.layer_palette import LayerPalette, PaletteSearch
from workbench.designer.network_editor import NetworkEditor
from workbench.designer.properties import LayerProperties


@dataclass(frozen=True)
class DataContext:
    """What the designer knows of the dataset: the shape the network must fit.

    ``None`` fields are unknown (no data loaded yet, or it failed to load).
    """

    input_width: int | None = None
    n_outputs: int | None = None
    task: str | None = None      # "classification" | "regression"
    #: ``(C, H, W)`` for images, else ``(features,)``; not compared (the width says it)
    input_shape: tuple | None = field(default=None, compare=False)


#: The Check pane grows to show new findings up to this share of the network column.
CHECK_MAX_SHARE = 0.3


def _section(title: str, body: QWidget, hint: str = "") -> QFrame:
    """A titled panel: a bold heading, an optional grey hint, then ``body``."""
    frame = QFrame()
    frame.setObjectName("designerSection")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(8, 6, 8, 8)
    layout.setSpacing(4)
    head = QLabel(title)
    head.setStyleSheet("font-weight: 700; font-size: 10.5pt; color: #1f2933;")
    layout.addWidget(head)
    if hint:
        note = QLabel(hint)
        note.setWordWrap(True)
        note.setStyleSheet("color: #6b7682; font-size: 8.5pt;")
        layout.addWidget(note)
    layout.addWidget(body, 1)
    return frame


class _FixedTextButton(QToolButton):
    """A tool button for ``action`` with a fixed short text; the action's own text (e.g.
    "Undo open the data file customer_churn….csv") goes to the tooltip, so a long
    description never widens the window."""

    def __init__(self, action, text: str, keys: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._action, self._keys = action, keys
        self.setText(text)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setAutoRaise(True)
        self.clicked.connect(action.trigger)
        action.changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        try:
            enabled, description = self._action.isEnabled(), self._action.text()
        except RuntimeError:  # the action is being deleted with its undo stack
            return
        self.setEnabled(enabled)
        description = description.replace("&", "") or self.text()
        self.setToolTip(self.tr("{} ({})").format(description, self._keys))


class NetworkDesigner(QWidget):
    """Drag-and-drop editor of the document's layer stack.

    Parameters
    ----------
    document : ExperimentDocument
        The experiment being edited; every change goes through it.

    Signals
    -------
    analysis_changed(object)
        The :class:`core.nn.analysis.report.Analysis` of the current network and context,
        after every change (the main window disables Train while ``analysis.ok`` is false).

    Attributes
    ----------
    undo_action, redo_action : QAction
        Undo/redo of the document (Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y), working while the
        designer has focus; a main window can put the same actions in its Edit menu.
    palette, editor, properties, preview, analysis_panel : QWidget
        The parts, for the main window's layout tweaks and for tests.
    """

    analysis_changed = Signal(object)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._context = DataContext()
        self._analysis = Analysis()

        # The actions show the shortcuts; the keys themselves are handled in keyPressEvent
        # so that a main window's own Ctrl+Z action never makes the shortcut ambiguous.
        self.undo_action = document.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = document.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

        self.palette = LayerPalette()
        self.palette_search = PaletteSearch(self.palette)
        self.editor = NetworkEditor(document)
        self.analysis_panel = AnalysisPanel()
        self.properties = LayerProperties(document)
        self.preview = ActivationPreview()
        self.status = QLabel()
        self.status.setObjectName("designerStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet("color: #b02a2a; background: #fdecec; border: 1px solid "
                                  "#f0b8b8; border-radius: 4px; padding: 4px 6px;")
        self.status.hide()
        self._build_layout()

        self.palette.layer_activated.connect(self._append_layer)
        self.palette.layer_highlighted.connect(self._on_palette_highlight)
        self.editor.layer_selected.connect(self._on_layer_selected)
        self.editor.edit_failed.connect(self.show_error)
        self.properties.edit_failed.connect(lambda _m: None)  # shown in the properties panel
        self.analysis_panel.fix_requested.connect(self.apply_fix)
        self.analysis_panel.layer_requested.connect(self.editor.select_layer)
        self.analysis_panel.findings_shown.connect(self._fit_check_panel)
        document.changed.connect(self._on_document_changed)
        self.refresh()

    # ---------------------------------------------------------------- layout
    def _build_layout(self) -> None:
        toolbar = QHBoxLayout()
        toolbar.setSpacing(4)
        self.toolbar_buttons: dict[str, QToolButton] = {}
        for action, key, text, keys in (
                (self.undo_action, "undo", self.tr("Undo"), "Ctrl+Z"),
                (self.redo_action, "redo", self.tr("Redo"), "Ctrl+Shift+Z"),
                (self.editor.duplicate_action, "duplicate", self.tr("Duplicate"), "Ctrl+D"),
                (self.editor.remove_action, "remove", self.tr("Remove"), "Delete")):
            button = _FixedTextButton(action, text, keys)
            toolbar.addWidget(button)
            self.toolbar_buttons[key] = button
        toolbar.addStretch(1)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(4)
        centre_layout.addLayout(toolbar)
        centre_layout.addWidget(self.editor, 1)
        centre_layout.addWidget(self.status)
        network = _section(self.tr("Network"), centre,
                           self.tr("Data flows top to bottom. Drop layers between the cards; "
                                   "drag a card to move it; Delete removes, Ctrl+D duplicates, "
                                   "right-click for more."))
        check = _section(self.tr("Check"), self.analysis_panel)
        self._check_section = check
        middle = QSplitter(Qt.Orientation.Vertical)
        self.middle_splitter = middle
        middle.addWidget(network)
        middle.addWidget(check)
        middle.setStretchFactor(0, 1)
        middle.setStretchFactor(1, 0)  # a taller window gives the network the room
        middle.setSizes([580, 120])
        middle.setChildrenCollapsible(False)

        palette_body = QWidget()
        palette_layout = QVBoxLayout(palette_body)
        palette_layout.setContentsMargins(0, 0, 0, 0)
        palette_layout.setSpacing(4)
        palette_layout.addWidget(self.palette_search)
        palette_layout.addWidget(self.palette, 1)
        palette = _section(self.tr("Layer palette"), palette_body,
                           self.tr("Drag into the network, or double-click to add after the "
                                   "selected layer."))
        palette.setMinimumWidth(140)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(_section(self.tr("Properties"), self.properties))
        right.addWidget(_section(self.tr("Activation function"), self.preview))
        right.setSizes([300, 400])
        right.setChildrenCollapsible(False)
        right.setMinimumWidth(220)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(palette)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([200, 700, 330])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)
        self.setStyleSheet("QFrame#designerSection { background: white; border: 1px solid "
                           "#dde2e7; border-radius: 6px; }")

    # ---------------------------------------------------------------- API
    @property
    def analysis(self) -> Analysis:
        """The analysis of the current network in the current context."""
        return self._analysis

    def set_context(self, input_width: int | None, n_outputs: int | None,
                    task: str | None) -> None:
        """Tell the designer the dataset's shape (called when the dataset changes).

        Parameters
        ----------
        input_width : int or tuple of int
            Number of input features, or the per-sample shape ``(C, H, W)`` of images.
        n_outputs : int
            Classes (classification) or target columns (regression).
        task : {"classification", "regression"}
        """
        shape = as_shape(input_width) if input_width else None
        self._context = DataContext(flat_width(shape) if shape else None,
                                    int(n_outputs) if n_outputs else None, task, shape)
        self.refresh()

    @property
    def context(self) -> DataContext:
        """The dataset's shape as last told by :meth:`set_context`."""
        return self._context

    def refresh(self) -> None:
        """Re-analyse the document's network and redraw every part."""
        experiment = self.document.experiment
        layers = experiment["model"]["layers"]
        context = self._context
        self._analysis = analyze(layers, context.input_shape or 1, context.n_outputs,
                                 context.task, experiment.get("loss"),
                                 data_spec=experiment.get("data"))
        self.editor.show_network(layers, self._analysis, context.input_shape,
                                 context.n_outputs, context.task)
        self.properties.refresh()
        self.analysis_panel.show_analysis(self._analysis)
        self.analysis_changed.emit(self._analysis)

    def apply_fix(self, fix: dict) -> None:
        """Apply a finding's one-click fix as one undoable edit."""
        label = fix.get("label", "fix")
        try:  # a fix may change the layers, the loss and training together: one edit
            self.document.edit(label, fixed_experiment(self.document.experiment, fix))
        except WorkbenchError as exc:
            self.show_error(str(exc))

    def show_error(self, message: str) -> None:
        """Show (or with "" hide) a rejected edit's message under the network."""
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def keyPressEvent(self, event):  # Qt override
        """Ctrl+Z undoes, Ctrl+Shift+Z / Ctrl+Y redo, wherever the focus is in the designer.

        Keys reach this only when no window-level action took them first (a main
        window's Edit › Undo does the same thing) and the focused control did not use
        them itself (a text field's own undo).
        """
        if event.matches(QKeySequence.StandardKey.Undo):
            self.document.undo_stack.undo()
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Redo) or any(
                event.keyCombination().toCombined() == seq[0].toCombined()
                for seq in self.redo_action.shortcuts()):
            self.document.undo_stack.redo()
            event.accept()
            return
        super().keyPressEvent(event)

    # ---------------------------------------------------------------- slots
    def _on_document_changed(self) -> None:
        self.show_error("")
        self.refresh()

    def _append_layer(self, layer_type: str) -> None:
        """Add a palette layer after the selected card (at the end when none is selected)."""
        selected = self.editor.selected_index()
        self.editor.insert_layer(layer_type, selected + 1 if selected >= 0 else None)

    def _on_layer_selected(self, index: int) -> None:
        self.properties.show_layer(index)
        layers = self.document.experiment["model"]["layers"]
        if 0 <= index < len(layers) and activation_class(layers[index]["type"]) is not None:
            self.preview.show_activation(layers[index])
        elif 0 <= index < len(layers):
            self.preview.show_activation(None)

    def _fit_check_panel(self, n_findings: int) -> None:
        """Grow the Check pane (never shrink it) so new findings are visible, up to
        :data:`CHECK_MAX_SHARE` of the column (more findings scroll)."""
        if not n_findings or not self.isVisible():
            return
        sizes = self.middle_splitter.sizes()
        total = sum(sizes)
        chrome = self._check_section.sizeHint().height() - self.analysis_panel.sizeHint().height()
        wanted = min(self.analysis_panel.wanted_height() + max(chrome, 30),
                     int(total * CHECK_MAX_SHARE))
        if sizes[1] < wanted:
            self.middle_splitter.setSizes([total - wanted, wanted])

    def showEvent(self, event):  # Qt override
        super().showEvent(event)
        self._fit_check_panel(len(self._analysis.findings))

    def _on_palette_highlight(self, layer_type: str) -> None:
        if layer_type and activation_class(layer_type) is not None:
            self.preview.show_activation(layer_type)
