"""The network: layers, losses, initializers, the model and its objective, the analysis of
a layer stack before training, gradient checks, and the array operations (convolution,
pooling) that layers are built from.

No module here imports the optimizers, the trainer or the file formats.
"""
