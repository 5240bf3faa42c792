"""Optimizers (one module per algorithm over a common base), the flat-parameter mode, the
L1/L2 penalties and the learning-rate schedules."""
