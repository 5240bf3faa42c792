"""The analysis of a layer stack before training: per-layer widths and parameter counts,
findings (errors and advice) from small rule functions, and their one-click fixes."""
