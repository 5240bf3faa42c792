"""Layer types, one concept per module: the layer interface, dense, regularization and
activations. Each class knows everything about its type (shape, parameters, export)."""
