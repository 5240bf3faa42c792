"""The Data panel's split controls: the common form (validation fraction, standardize,
data seed) and Playground's training-ratio slider for the same field.

:class:`DataSplitControls` is a part of
:class:`~workbench.panels.dataset_panel.DatasetPanel` (a mixin: the panel's document and
``_commit`` are shared).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout

from core.data.spec import COMMON_PARAMS
from workbench.forms import ParamForm, label_for, relabel

COMMON_LABELS = {"test_fraction": QT_TRANSLATE_NOOP("DataSplitControls", "Validation fraction"),
                 "standardize": QT_TRANSLATE_NOOP("DataSplitControls", "Standardize inputs"),
                 "seed": QT_TRANSLATE_NOOP("DataSplitControls", "Data seed")}


def _labels() -> dict:
    return {name: QCoreApplication.translate("DataSplitControls", text)
            for name, text in COMMON_LABELS.items()}


class DataSplitControls:
    """How the rows are split and scaled; an edited field of any form is committed here."""

    def _build_common(self) -> QGroupBox:
        box = QGroupBox(self.tr("Validation split and scaling"))
        v = QVBoxLayout(box)
        self.common_form = ParamForm(COMMON_PARAMS, {}, box)
        self.common_form.setObjectName("common_form")
        relabel(self.common_form, _labels())
        self.common_form.edited.connect(self._field_edited)
        v.addWidget(self.common_form)
        # Playground's "ratio of training to test data" slider, for the same field
        row = QHBoxLayout()
        self.ratio_slider = QSlider(Qt.Orientation.Horizontal)
        self.ratio_slider.setObjectName("ratio_slider")
        self.ratio_slider.setRange(10, 100)   # percent of the rows trained on
        self.ratio_slider.setSingleStep(5)
        self.ratio_slider.setPageStep(10)
        self.ratio_slider.setTracking(False)  # one edit when the handle is let go
        self.ratio_slider.setToolTip(self.tr("share of the rows the network trains on; the rest "
                                             "is held out for validation"))
        self.ratio_label = QLabel()
        self.ratio_slider.sliderMoved.connect(self._show_ratio)
        self.ratio_slider.valueChanged.connect(self._ratio_chosen)
        row.addWidget(self.ratio_slider, 1)
        row.addWidget(self.ratio_label)
        v.addLayout(row)
        return box

    def _show_ratio(self, train_percent: int) -> None:
        self.ratio_label.setText(self.tr("train {} : {} validation").format(
            train_percent, 100 - train_percent))

    def _ratio_chosen(self, train_percent: int) -> None:
        self._show_ratio(train_percent)
        fraction = round((100 - train_percent) / 100, 2)
        spec = dict(self.document.experiment["data"])
        if abs(spec["test_fraction"] - fraction) < 1e-9:
            return
        spec["test_fraction"] = fraction
        self._commit(spec, self.tr("train on {} % of the rows").format(train_percent))

    def _field_edited(self, name: str, value) -> None:
        spec = dict(self.document.experiment["data"])
        spec[name] = value
        label = _labels().get(name, label_for(name)).lower()
        self._commit(spec, self.tr("set data {}").format(label))
