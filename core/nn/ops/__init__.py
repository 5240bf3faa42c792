"""Array operations the layers are built from: convolution and pooling of image batches
(forward and backward, PyTorch's semantics) and the batch-last layout they share.

Plain functions of arrays on an injected ``xp`` (numpy or cupy): no layer state, no
registry. A layer class in :mod:`core.nn.layers` calls them.
"""
