"""Core's English texts (registry, findings, alerts) shown in Chinese by the workbench."""

from __future__ import annotations

import core  # noqa: F401  (the registry is filled)
from core import registry
from core.nn.analysis.report import analyze
from core.training.health_alerts import HealthMonitor
from workbench.i18n import core_texts


def test_registry_titles_help_and_labels_are_translated(chinese):
    dense = registry.get("layer", "dense")
    assert core_texts.entry_title(dense) == "全连接层"
    assert core_texts.entry_help(dense).startswith("全连接层：每个神经元")
    assert core_texts.param_label("Weight decay") == "权重衰减"
    assert core_texts.choice_text("he_uniform") == "He 均匀分布"
    assert core_texts.expected_text("a positive integer up to 4096") == "一个不超过 4096 的正整数"


def test_formulas_stay_as_they_are(chinese):
    relu = registry.get("layer", "relu")
    tooltip = core_texts.entry_tooltip(relu)
    assert tooltip.endswith("\n\n" + relu.formula)
    assert tooltip.startswith("线性整流单元")


def test_english_is_unchanged_without_a_translation():
    assert core_texts.choice_text("he_uniform") == "he uniform"
    assert core_texts.finding_message("The network outputs 2 values but the task needs 3 "
                                      "classes.") == ("The network outputs 2 values but the "
                                                      "task needs 3 classes.")


def test_a_finding_with_numbers_is_translated_through_its_template(chinese):
    analysis = analyze([{"type": "dense", "units": 8}, {"type": "relu"},
                        {"type": "dense", "units": 2}, {"type": "softmax"}], (2,), 3,
                       "classification", {"type": "cross_entropy"})
    error = analysis.errors[0]
    assert error.message == "The network outputs 2 values but the task needs 3 classes."
    assert core_texts.finding_message(error.message) == "网络输出 2 个值，但任务需要 3 个类别。"
    assert core_texts.finding_message(error.fix["label"]) == "把输出神经元数设为 3，对应 3 个类别"


def test_an_alert_is_translated_sentence_by_sentence_with_its_numbers_reordered(chinese):
    monitor = HealthMonitor()
    monitor.start_loss = 2.3
    alert = monitor._loss_rose(4.1e5, "at iteration 17", 1.0)
    assert core_texts.alert_message(alert.message) == (
        "学习率过高：损失从开始时的 2.3 升到第 17 次迭代时的 4.1e+05，每一步都越过了最低点，"
        "而不是往下走。试试 0.1（1 的十分之一）。")


def test_a_sentence_with_no_template_stays_english_beside_translated_ones(chinese):
    message = ("The network outputs 3 values with the MSE loss, a regression loss, but the "
               "data have 3 classes. Try a tenth of it.")
    assert core_texts.finding_message(message) == message   # an analysis text, other context
    assert core_texts.alert_message("Something new happened. Try a tenth of it.") == \
        "Something new happened. 试试它的十分之一。"


def test_what_a_loader_reports_is_translated(chinese):
    assert core_texts.progress_text("Reading iris.csv") == "正在读取 iris.csv"
    assert core_texts.progress_text("Splitting and standardizing") == "正在划分并标准化"


def test_the_device_description_is_translated_part_by_part(chinese):
    assert core_texts.device_text("CPU · NumPy 2.4 · OpenBLAS · 2 threads") == \
        "CPU · NumPy 2.4 · OpenBLAS · 2 个线程"
    assert core_texts.device_text("CuPy is installed but no CUDA device was found") == \
        "已安装 CuPy，但没有找到 CUDA 设备"
    assert core_texts.device_text("CuPy failed to load: libcudart.so.12") == \
        "CuPy 加载失败：libcudart.so.12"


def test_a_layer_cards_summary_is_translated_with_its_parameters_labels(chinese):
    from core.nn.layers.base import layer_class
    dense = layer_class("dense")
    spec = {**{p.name: p.default for p in dense.entry.params}, "units": 32,
            "init": "he_uniform"}
    summary = dense.summary(spec)
    assert summary == "32 units, init=he_uniform"
    assert core_texts.layer_summary(summary) == "32 个神经元，初始化=He 均匀分布"
    assert core_texts.layer_summary("2×2, stride 1") == "2×2，步幅 1"


def test_device_and_summary_texts_stay_english_without_a_translation():
    assert core_texts.device_text("CPU · NumPy 2.4 · OpenBLAS · 2 threads") == \
        "CPU · NumPy 2.4 · OpenBLAS · 2 threads"
    assert core_texts.layer_summary("32 units, init=he_uniform") == "32 units, init=he_uniform"
