"""Where the arrays live: the NumPy and CuPy backends and the choice between them, fused
GPU kernels, BLAS and engine threads, and the memory a network may take."""
