"""Choosing a folder of images as the data in the GUI: the source list asks for a folder
(the dialog is replaced here), the images load in the background with the progress bar,
and a CNN trains an epoch on them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from core.progress import report
from tests.workbench.cli.test_cli_image_folder import write_digit_folder
from tests.workbench.waiting import wait_for_data

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "digits_cnn.json"


def test_picking_an_image_folder_loads_it_with_progress_and_a_cnn_trains_on_it(
        window, qtbot, tmp_path, monkeypatch):
    write_digit_folder(tmp_path / "digits", per_class=12)
    assert window.open_file(EXAMPLE, ask_to_save=False)
    wait_for_data(window)
    panel = window.dataset_panel
    reports = []

    def recording_report(fraction, text=""):
        reports.append(text)
        report(fraction, text)  # on to the panel's progress bar (and its Cancel)
    monkeypatch.setattr("core.data.image_folder.report", recording_report)
    asked = []
    panel.set_folder_dialog(lambda: asked.append(True) or str(tmp_path / "digits"))
    row = panel.source_combo.findData("image_folder", Qt.ItemDataRole.UserRole)
    panel.source_combo.setCurrentIndex(row)
    panel.source_combo.activated.emit(row)  # as a person picks "Folder of images"
    wait_for_data(window)
    assert asked == [True]
    data = window.document.experiment["data"]
    assert data == {**data, "source": "image_folder", "path": str((tmp_path / "digits").resolve()),
                    "size": [28, 28], "grayscale": True}
    # read through core.progress, which the panel's progress bar shows
    assert reports and all(text == "Reading images of digits" for text in reports)
    assert len(reports) == 120
    assert window.dataset.summary["input_shape"] == (1, 28, 28)
    assert "120 samples (" in panel.summary_label.text()
    assert panel.folder_button.isVisible()
    # the 8×8 digits as 28×28 images: size is a field of the form; back to 8 × 8
    spec = dict(data, size=[8, 8])
    assert panel._commit(spec, "resize the images", panel._show_error_box)
    wait_for_data(window)
    assert window.dataset.summary["input_shape"] == (1, 8, 8)
    assert window.train_enabled, window.train_disabled_reason
    window.training_panel.training_form.widget("epochs").setValue(1)
    assert window.training_view.train_for_epochs(1, timeout_s=120)
    assert window.training_view.run.info.prepared is window.dataset.prepared


def test_a_folder_without_class_folders_is_one_sentence_and_the_data_stays(window, tmp_path):
    panel = window.dataset_panel
    before = dict(window.document.experiment["data"])
    (tmp_path / "empty").mkdir()
    panel.set_folder_dialog(lambda: str(tmp_path / "empty"))
    panel.choose_folder()
    wait_for_data(window)
    assert window.document.experiment["data"] == before
    assert panel.errors == [f"{tmp_path / 'empty'}: holds no sub-folders; expected a folder "
                            "with one sub-folder of images per class (e.g. cat/, dog/)"]


def test_a_streamed_idx_set_trains_in_the_window_without_being_read_whole(
        window, qtbot, tmp_path):
    import json

    from core.data.streamed_images import StreamedImages
    from tests.core.data.test_streamed_images import write_pair
    experiment = json.loads(EXAMPLE.read_text())
    experiment["data"] = {**write_pair(tmp_path, n=200), "stream": True}
    experiment["model"]["layers"][-2]["units"] = 2  # two classes
    (tmp_path / "streamed.json").write_text(json.dumps(experiment))
    assert window.open_file(tmp_path / "streamed.json", ask_to_save=False)
    wait_for_data(window)
    assert isinstance(window.dataset.prepared.train.X, StreamedImages)
    assert "200 samples (" in window.dataset_panel.summary_label.text()
    assert window.train_enabled, window.train_disabled_reason
    window.training_panel.training_form.widget("epochs").setValue(1)
    assert window.training_view.train_for_epochs(1, timeout_s=120)
    info = window.training_view.run.info
    assert isinstance(info.train_x, StreamedImages) and isinstance(info.val_x, StreamedImages)
