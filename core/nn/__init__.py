"""The network: layers, losses, initializers, the model and its objective, the analysis of
a layer stack before training, and gradient checks.

No module here imports the optimizers, the trainer or the file formats.
"""
