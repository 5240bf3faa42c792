"""The Data panel's loading flow: the background load and its progress row.

Data loads in a background thread (:class:`~workbench.panels.data_loader.DataLoader`); its
progress bar appears only after :data:`PROGRESS_DELAY_MS`, with a Cancel button (and
"Load again" after a cancel). Loaded data sets are kept for undo and redo within a count
and byte budget (the cache itself is the panel's). :class:`DataLoadingFlow` is a part of
:class:`~workbench.panels.dataset_panel.DatasetPanel` (a mixin).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core import registry
from workbench.i18n import core_texts
from workbench.panels.data_loader import LoadedData, LoadRequest

#: A load shows its progress bar only when it takes longer than this (no flicker).
PROGRESS_DELAY_MS = 250


@dataclass(frozen=True)
class PendingEdit:
    """An edit of the data section waiting for its data to load."""

    description: str
    report: object  # callable(message) for a failure


def spec_key(spec: dict, base_dir) -> str:
    """The cache key of a data spec read relative to ``base_dir``."""
    return json.dumps(spec, sort_keys=True) + "|" + str(base_dir)


class DataLoadingFlow:
    """Starting, following, cancelling and caching loads of the data section."""

    def _build_progress(self) -> QWidget:
        """The row shown while data loads: what is being read, a bar, and Cancel."""
        self.progress_box = QWidget()
        self.progress_box.setObjectName("data_progress")
        v = QVBoxLayout(self.progress_box)
        v.setContentsMargins(0, 4, 0, 0)
        v.setSpacing(2)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("data_progress_text")
        self.progress_label.setMinimumWidth(40)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("data_progress_bar")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancel_load_button")
        self.cancel_button.setToolTip(self.tr("stop reading; the data shown before stays in place"))
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.retry_button = QPushButton(self.tr("Load again"))
        self.retry_button.setObjectName("retry_load_button")
        self.retry_button.setToolTip(self.tr("read the experiment's data file again"))
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        v.addWidget(self.progress_label)
        v.addLayout(row)
        self.progress_box.hide()
        return self.progress_box

    def _start(self, request: LoadRequest) -> None:
        self.loader.start(request)
        spec = request.spec
        what = Path(spec["path"]).name if spec.get("path") else \
            core_texts.entry_title(registry.get("dataset", spec["source"]))
        self.progress_label.setText(self.tr("Loading {}…").format(elided_name(what)))
        self.progress_label.setToolTip(self.tr("Loading {}").format(what))
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.retry_button.hide()
        if not self.progress_box.isVisible():
            self._progress_timer.start()

    def _reveal_progress(self) -> None:
        if self.loader.busy:
            self.progress_box.show()

    def _stop_loading(self) -> None:
        """Forget the load in progress (a newer state replaced it) and hide its progress."""
        self.loader.abandon()
        self._hide_progress()

    def _hide_progress(self) -> None:
        self._progress_timer.stop()
        self.progress_box.setVisible(self.retry_button.isVisibleTo(self.progress_box))

    def _load_progressed(self, _request, progress) -> None:
        fraction = progress.fraction
        if fraction == fraction:  # not NaN
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(round(max(0.0, min(1.0, fraction)) * 1000)))
        else:
            self.progress_bar.setRange(0, 0)  # busy indicator
        if progress.text:
            self.progress_label.setText(elided_name(core_texts.progress_text(progress.text), 60)
                                        + "…")

    def _load_finished(self, request: LoadRequest, data: LoadedData) -> None:
        self._remember(data)
        self._hide_progress()
        if isinstance(request.purpose, PendingEdit):
            self._apply_edit(request.spec, request.purpose)
        elif request.key == self._shown_key:
            self._show_data(data)

    def _load_failed(self, request: LoadRequest, message: str) -> None:
        self._hide_progress()
        if isinstance(request.purpose, PendingEdit):
            request.purpose.report(message)
            self._show_controls(self.document.experiment["data"])
            self._show_columns(self.summary)  # the role combo the person changed, back
        elif request.key == self._shown_key:
            self._show_failure(message)

    def _load_cancelled(self, request: LoadRequest) -> None:
        if isinstance(request.purpose, PendingEdit):
            self._hide_progress()
            self._show_controls(self.document.experiment["data"])
            self._show_columns(self.summary)
            self._show_note(self.tr("Loading cancelled: the data is unchanged."))
        elif request.key == self._shown_key:
            self.retry_button.show()
            self.cancel_button.hide()
            self.progress_box.show()
            self.progress_label.setText(self.tr("Loading cancelled."))
            self._show_failure(self.tr("Loading the data was cancelled; press Load again to "
                                       "read it, or choose other data."))

    def cancel_loading(self) -> None:
        """Cancel: stop reading; the data shown before stays in place."""
        self.loader.cancel()

    def shutdown(self, timeout_s: float = 60.0) -> bool:
        """Cancel any load and wait for its thread (the window is closing)."""
        self._progress_timer.stop()
        return self.loader.shutdown(timeout_s)

    def _show_note(self, message: str) -> None:
        self.progress_label.setText(message)
        self.cancel_button.hide()
        self.progress_bar.hide()
        self.progress_box.show()
        QTimer.singleShot(4000, self._clear_note)

    def _clear_note(self) -> None:
        if not self.loader.busy:
            self.progress_bar.show()
            self.progress_box.setVisible(self.retry_button.isVisibleTo(self.progress_box))


def elided_name(name: str, limit: int = 40) -> str:
    """``name`` shortened in the middle to ``limit`` characters (long file names)."""
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[:keep - keep // 3] + "…" + name[len(name) - keep // 3:]
