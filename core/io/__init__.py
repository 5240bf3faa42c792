"""The documents the workbench reads and writes: experiment files, model files (weights
with the experiment that made them), and exports of a trained network to ONNX and to a
stand-alone NumPy script.

Built on the modules of ``core/files/`` (bytes, budgets, containers) and on the network's
own classes: what a layer becomes in ONNX or NumPy is asked of its class.
"""
