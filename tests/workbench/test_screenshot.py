"""`nn-workbench screenshot`: a non-blank PNG of exactly the requested size, or one clear line."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage

from core import experiment as experiments
from core.io import experiment_file


@pytest.fixture(autouse=True)
def private_settings(tmp_path):
    folder = tmp_path / "qsettings"
    folder.mkdir()
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))


def grey_levels(image: QImage) -> np.ndarray:
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    ptr = grey.constBits()
    rows = np.frombuffer(ptr, np.uint8, grey.bytesPerLine() * grey.height())
    return rows.reshape(grey.height(), grey.bytesPerLine())[:, :grey.width()].copy()


@pytest.mark.parametrize("size", [(1280, 800), (1366, 900)])
def test_screenshot_writes_a_non_blank_png_of_the_requested_size(qapp, tmp_path, size):
    from workbench.screenshot import screenshot_command
    exp_path = tmp_path / "spiral.json"
    experiment_file.save(experiments.default_experiment(), exp_path)
    out = tmp_path / "shot.png"
    assert screenshot_command(exp_path, out, size=size) == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == size
    levels = grey_levels(image)
    assert levels.std() > 20  # text, plots and panels, not one flat colour
    assert len(np.unique(levels)) > 50
    assert not list(tmp_path.glob(".shot.png.*"))  # no temporary file left behind


def test_screenshot_of_digits_differs_from_spiral(qapp, tmp_path):
    from workbench.screenshot import screenshot_command
    spiral, digits = tmp_path / "spiral.json", tmp_path / "digits.json"
    experiment_file.save(experiments.default_experiment(), spiral)
    exp = experiments.default_experiment()
    exp["data"] = {"source": "digits"}
    experiment_file.save(exp, digits)
    assert screenshot_command(spiral, tmp_path / "a.png", size=(1280, 800)) == 0
    assert screenshot_command(digits, tmp_path / "b.png", size=(1280, 800)) == 0
    a = grey_levels(QImage(str(tmp_path / "a.png"))).astype(int)
    b = grey_levels(QImage(str(tmp_path / "b.png"))).astype(int)
    assert np.abs(a - b).mean() > 1  # the preview and the designer show the other data


def test_a_bad_experiment_is_one_line_and_status_2(qapp, tmp_path, capsys):
    from workbench.screenshot import screenshot_command
    bad = tmp_path / "bad.json"
    bad.write_text('{"data": {"source": "spiral"}, "model": {"layers": []}}', encoding="utf-8")
    out = tmp_path / "never.png"
    assert screenshot_command(bad, out, size=(1280, 800)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.json" in err and "model.layers" in err
    assert not out.exists()


@pytest.mark.parametrize("size, out_name, expected", [
    ((10, 10), "x.png", "width between"),
    ((1280, 800), "x.jpg", ".png"),
    ((1280, 800), "missing/x.png", "does not exist"),
])
def test_bad_size_or_output_is_refused(qapp, tmp_path, capsys, size, out_name, expected):
    from workbench.screenshot import screenshot_command
    exp_path = tmp_path / "e.json"
    experiment_file.save(experiments.default_experiment(), exp_path)
    assert screenshot_command(exp_path, tmp_path / out_name, size=size) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err


def test_the_png_gets_the_usual_file_permissions(qapp, tmp_path):
    import os
    import stat

    from core.files.atomic_write import current_umask
    from workbench.screenshot import screenshot_command
    exp_path = tmp_path / "e.json"
    experiment_file.save(experiments.default_experiment(), exp_path)
    out = tmp_path / "shot.png"
    assert screenshot_command(exp_path, out, size=(640, 480)) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o666 & ~current_umask()  # not 0600


def test_the_png_follows_a_symlink(qapp, tmp_path):
    from workbench.screenshot import screenshot_command
    exp_path = tmp_path / "e.json"
    experiment_file.save(experiments.default_experiment(), exp_path)
    real = tmp_path / "real.png"
    link = tmp_path / "link.png"
    link.symlink_to(real)
    assert screenshot_command(exp_path, link, size=(640, 480)) == 0
    assert link.is_symlink() and not QImage(str(real)).isNull()


@pytest.mark.parametrize("epochs", [-1, 10**7])
def test_train_epochs_out_of_range_is_refused(qapp, tmp_path, capsys, epochs):
    from workbench.cli.main import main
    exp_path = tmp_path / "e.json"
    experiment_file.save(experiments.default_experiment(), exp_path)
    out = tmp_path / "x.png"
    assert main(["screenshot", str(exp_path), "-o", str(out), "--train-epochs",
                 str(epochs)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"--train-epochs: expected a whole number from 0 to 1000000, got {epochs}" in err
    assert not out.exists()


def test_the_module_has_no_atomic_writer_of_its_own():
    from workbench import screenshot
    assert not hasattr(screenshot, "save_png_atomic")  # one writer: core.files.atomic_write
