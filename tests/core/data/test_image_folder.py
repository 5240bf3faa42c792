"""The image-folder source: PNG folders written here with Pillow, one sub-folder per class,
and their hostile variants (each refused with one sentence naming what was wrong)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

import core.data.image_folder as image_folder
from core.data.image_folder import load_image_folder, read_folder_inputs, read_image_input
from core.data.prediction_inputs import read_prediction_inputs
from core.data.spec import normalize_spec, prepare
from core.errors import DataError, SpecError
from core.progress import Cancelled, reporting


def write_folder(root, per_class=4, classes=("cat", "dog", "emu"), size=(6, 5), mode="L"):
    """``root/<class>/<i>.png``: image i of class k has every pixel k·40 + i (gray) or
    (k·40 + i, 7, 200) (RGB), so the tests know each value. Returns the images as arrays."""
    h, w = size
    arrays = {}
    for k, name in enumerate(classes):
        (root / name).mkdir(parents=True)
        for i in range(per_class):
            value = k * 40 + i
            if mode == "L":
                array = np.full((h, w), value, dtype=np.uint8)
            else:
                array = np.zeros((h, w, 3), dtype=np.uint8)
                array[..., 0], array[..., 1], array[..., 2] = value, 7, 200
            array[0, 0] = 255  # not a constant image
            Image.fromarray(array, mode).save(root / name / f"{i:02d}.png")
            arrays[(name, i)] = array
    return arrays


def test_a_folder_loads_one_class_per_sub_folder_in_sorted_order(tmp_path):
    arrays = write_folder(tmp_path / "pets", classes=("emu", "cat", "dog"))
    ds = load_image_folder(tmp_path / "pets", size=(6, 5), grayscale=True)
    assert ds.class_names == ["cat", "dog", "emu"]  # sorted, as torchvision numbers them
    assert ds.input_shape == (1, 6, 5) and ds.X.shape == (12, 30) and ds.X.dtype == np.uint8
    assert ds.y.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    # the first image of "cat" (written second, as class 1): every pixel 40, corner 255
    assert np.array_equal(ds.X[0], arrays[("cat", 0)].reshape(-1))
    assert ds.X[0, 0] == 255 and ds.X[0, 1] == 40
    assert ds.X[5, 1] == 81 and ds.X[11, 1] == 3  # dog's image 1, emu's image 3
    assert ds.feature_names[:2] == ["pixel_0_0", "pixel_0_1"] and ds.name == "pets"


def test_rgb_images_become_three_channels_and_are_resized(tmp_path):
    write_folder(tmp_path, per_class=2, classes=("a", "b"), size=(8, 8), mode="RGB")
    ds = load_image_folder(tmp_path, size=(4, 4), grayscale=False)
    assert ds.input_shape == (3, 4, 4) and ds.X.shape == (4, 48)
    channels = ds.X[1].reshape(3, 4, 4)  # class a, image 1: (1, 7, 200) but the corner
    assert channels[0, 3, 3] == 1 and channels[1, 3, 3] == 7 and channels[2, 3, 3] == 200
    assert ds.feature_names[16] == "green_0_0"
    gray = load_image_folder(tmp_path, size=(4, 4), grayscale=True)
    assert gray.input_shape == (1, 4, 4)
    # Pillow's L = R·299/1000 + G·587/1000 + B·114/1000, rounded
    assert gray.X[1].reshape(4, 4)[3, 3] == round(1 * 0.299 + 7 * 0.587 + 200 * 0.114)


def test_prepare_standardizes_per_channel_from_the_training_images(tmp_path):
    write_folder(tmp_path / "pets", per_class=10)
    prepared = prepare({"source": "image_folder", "path": "pets", "size": [6, 5],
                        "test_fraction": 0.2}, base_dir=tmp_path)
    assert prepared.train.X.dtype == np.float32 and prepared.train.sample_shape == (1, 6, 5)
    assert len(prepared.train) == 24 and len(prepared.val) == 6
    assert prepared.summary["path"] == str(tmp_path / "pets")
    mean, std = prepared.standardizer.mean, prepared.standardizer.std
    assert np.all(mean == mean[0]) and np.all(std == std[0])
    assert abs(float(prepared.train.X.astype(np.float64).mean())) < 1e-6
    raw = load_image_folder(tmp_path / "pets", (6, 5)).X.astype(np.float64)
    train_pixels = raw[np.isin(np.arange(30), _rows_of(prepared, raw))]
    assert mean[0] == pytest.approx(train_pixels.mean(), rel=1e-12)


def _rows_of(prepared, raw):
    """The raw rows that make up the training part (found back by value)."""
    restored = prepared.train.X * prepared.standardizer.std + prepared.standardizer.mean
    return [int(np.argmin(np.abs(raw - r).sum(axis=1))) for r in restored]


def test_size_must_be_two_whole_numbers():
    with pytest.raises(SpecError, match=r"^data\.size: expected a list of 2 numbers between 1 "
                                        r"and 4096, got \[28\]$"):
        normalize_spec({"source": "image_folder", "path": "x", "size": [28]})
    with pytest.raises(SpecError, match=r"^data\.size: expected two whole numbers of pixels"):
        normalize_spec({"source": "image_folder", "path": "x", "size": [2.5, 3]})
    with pytest.raises(SpecError, match=r"^data\.path: missing; expected the path of the "
                                        r"folder$"):
        normalize_spec({"source": "image_folder"})


def test_hostile_folders_are_refused_with_one_sentence_naming_the_culprit(tmp_path):
    with pytest.raises(DataError, match=r"nowhere: does not exist; expected a folder with one "
                                        r"sub-folder of images per class"):
        load_image_folder(tmp_path / "nowhere")
    (tmp_path / "flat").mkdir()
    Image.new("L", (3, 3)).save(tmp_path / "flat" / "a.png")
    with pytest.raises(DataError, match=r"flat: holds no sub-folders; expected"):
        load_image_folder(tmp_path / "flat")
    write_folder(tmp_path / "pets", per_class=2, classes=("cat", "dog"))
    (tmp_path / "pets" / "emu").mkdir()
    with pytest.raises(DataError, match=r"emu: holds no images; expected at least one image "
                                        r"\(PNG, JPEG, BMP …\) in every class folder"):
        load_image_folder(tmp_path / "pets")
    (tmp_path / "pets" / "emu" / "notes.png").write_text("not an image at all")
    with pytest.raises(DataError) as caught:
        load_image_folder(tmp_path / "pets")
    assert str(caught.value) == (f"{tmp_path / 'pets' / 'emu' / 'notes.png'}: Pillow cannot "
                                 "decode this file as an image (its bytes are in no image "
                                 "format Pillow reads); expected a PNG image, as its name says")


def test_a_decompression_bomb_and_an_oversized_set_are_refused_unread(tmp_path, monkeypatch):
    write_folder(tmp_path / "pets", per_class=2, classes=("cat", "dog"), size=(20, 20))
    monkeypatch.setattr(image_folder, "MAX_IMAGE_PIXELS", 399)  # each image has 400
    with pytest.raises(DataError, match=r"00\.png: declares 20 × 20 pixels, more than the 399 "
                                        r"the workbench decodes per image"):
        load_image_folder(tmp_path / "pets", size=(4, 4))
    monkeypatch.setattr(image_folder, "MAX_IMAGE_PIXELS", 10**6)
    monkeypatch.setattr(image_folder, "MAX_DATA_BYTES", 4 * 16 * 8 - 1)
    with pytest.raises(DataError, match=r"pets: 4 images of 1 × 4 × 4 pixels take 512 bytes as "
                                        r"float64, more than the 511 bytes"):
        load_image_folder(tmp_path / "pets", size=(4, 4))


def test_reading_reports_progress_and_cancel_stops_it(tmp_path):
    write_folder(tmp_path / "pets", per_class=3, classes=("cat", "dog"))
    seen = []

    def cancel_at_the_third(fraction, text):
        seen.append((round(fraction, 3), text))
        if len(seen) == 3:
            raise Cancelled("cancelled")
    with reporting(cancel_at_the_third), pytest.raises(Cancelled):
        load_image_folder(tmp_path / "pets", (6, 5))
    assert seen == [(round(i / 6, 3), "Reading images of pets") for i in (1, 2, 3)]


def test_prediction_inputs_from_a_folder_follow_the_networks_input_shape(tmp_path):
    arrays = write_folder(tmp_path / "pets", per_class=2, classes=("cat", "dog"))
    X, found = read_folder_inputs(tmp_path / "pets", (1, 6, 5))
    assert found.names == ["cat/00.png", "cat/01.png", "dog/00.png", "dog/01.png"]
    assert found.labels == [0, 0, 1, 1] and found.class_names == ["cat", "dog"]
    assert X.dtype == np.float64 and np.array_equal(X[3], arrays[("dog", 1)].reshape(-1))
    X, found = read_folder_inputs(tmp_path / "pets" / "dog", (1, 3, 3))
    assert found.names == ["00.png", "01.png"] and X.shape == (2, 9)
    assert found.labels is None and found.skipped == []
    with pytest.raises(DataError, match=r"the network takes 2-channel images"):
        read_folder_inputs(tmp_path / "pets", (2, 6, 5))


def test_files_that_are_not_images_are_skipped_and_named_in_the_progress(tmp_path):
    write_folder(tmp_path / "pets", per_class=2, classes=("cat", "dog"))
    (tmp_path / "pets" / "cat" / "notes.txt").write_text("a cat\n")
    (tmp_path / "pets" / "README").write_text("two classes\n")
    (tmp_path / "pets" / "dog" / "weights.h5").write_bytes(b"\x89HDF")  # Pillow's stub only
    (tmp_path / "pets" / "dog" / ".DS_Store").write_bytes(b"\0")  # hidden: left out silently
    seen = []
    with reporting(lambda fraction, text: seen.append(text)):
        ds = load_image_folder(tmp_path / "pets", (6, 5))
    assert ds.y.tolist() == [0, 0, 1, 1] and ds.class_names == ["cat", "dog"]
    skipped = "skipped 3 files that are not images (README, cat/notes.txt, dog/weights.h5)"
    assert seen == [f"Reading images of pets; {skipped}"] * 4
    inputs = read_prediction_inputs(tmp_path / "pets", 30, input_shape=(1, 6, 5))
    assert inputs.skipped == skipped
    assert inputs.note == f"4 images of the folder pets. S{skipped[1:]}."
    assert inputs.files == ["cat/00.png", "cat/01.png", "dog/00.png", "dog/01.png"]
    assert inputs.true_classes == ["cat", "cat", "dog", "dog"]
    (tmp_path / "pets" / "dog" / "01.png").unlink()
    (tmp_path / "pets" / "dog" / "00.png").rename(tmp_path / "pets" / "dog" / "00.txt")
    with pytest.raises(DataError, match=r"dog: holds no images; expected at least one image "):
        load_image_folder(tmp_path / "pets", (6, 5))


def test_a_damaged_image_is_one_sentence_without_python_reprs(tmp_path):
    write_folder(tmp_path / "pets", per_class=1, classes=("cat",))
    png = (tmp_path / "pets" / "cat" / "00.png").read_bytes()
    cut = png.index(b"IDAT") + 8  # inside its pixels
    (tmp_path / "pets" / "cat" / "01.png").write_bytes(png[:cut])
    with pytest.raises(DataError) as caught:
        read_folder_inputs(tmp_path / "pets", (1, 6, 5))
    assert str(caught.value) == (f"{tmp_path / 'pets' / 'cat' / '01.png'}: Pillow cannot "
                                 "decode this file as an image (image file is truncated); "
                                 "expected a PNG image, as its name says")
    (tmp_path / "pets" / "cat" / "01.png").write_bytes(png[:30])  # Pillow names its stream
    with pytest.raises(DataError) as caught:
        read_folder_inputs(tmp_path / "pets", (1, 6, 5))
    assert "<" not in str(caught.value) and "BufferedReader" not in str(caught.value)
    assert str(caught.value).endswith("(its bytes are in no image format Pillow reads); "
                                      "expected a PNG image, as its name says")


def test_training_and_prediction_walk_the_same_images_past_link_loops(tmp_path):
    write_folder(tmp_path / "pets", per_class=2, classes=("cat", "dog"))
    (tmp_path / "pets" / "self").symlink_to("self")  # a link loop beside the class folders
    (tmp_path / "pets" / "cat" / "loop.png").symlink_to("loop.png")  # one inside a class
    (tmp_path / "pets" / "dog" / "up").symlink_to("..")  # a folder link back up: not followed
    (tmp_path / "pets" / "dog" / "02.png").symlink_to(tmp_path / "pets" / "dog" / "01.png")
    ds = load_image_folder(tmp_path / "pets", (6, 5))
    X, found = read_folder_inputs(tmp_path / "pets", (1, 6, 5))
    assert found.names == ["cat/00.png", "cat/01.png", "dog/00.png", "dog/01.png", "dog/02.png"]
    assert found.skipped == ["self", "cat/loop.png"]
    assert ds.y.tolist() == found.labels == [0, 0, 1, 1, 1]
    assert np.array_equal(ds.X.astype(np.float64), X)


def test_a_single_image_file_is_one_row_sized_and_coloured_as_the_network_takes(tmp_path):
    rgb = np.zeros((8, 8, 3), dtype=np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 100, 50, 10
    Image.fromarray(rgb, "RGB").save(tmp_path / "one.png")
    X = read_image_input(tmp_path / "one.png", (1, 4, 4))
    assert X.shape == (1, 16) and X.dtype == np.float64
    gray = round(100 * 0.299 + 50 * 0.587 + 10 * 0.114)  # Pillow's L of (100, 50, 10)
    assert X.tolist() == [[gray] * 16]
    (tmp_path / "one.png").rename(tmp_path / "no_extension")  # found by its first bytes
    inputs = read_prediction_inputs(tmp_path / "no_extension", 48, input_shape=(3, 4, 4))
    assert inputs.X.reshape(3, 16)[:, 0].tolist() == [100, 50, 10]
    assert inputs.files == ["no_extension"] and inputs.note == "1 image, no_extension."
    assert inputs.true_classes is None
    with pytest.raises(DataError, match=r"no_extension: is an image; this network takes rows "
                                        r"of numbers, expected a CSV file"):
        read_prediction_inputs(tmp_path / "no_extension", 48)
