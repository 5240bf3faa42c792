#!/usr/bin/env bash
# GPU check, in one go, on a machine with an NVIDIA GPU and CuPy installed:
#   1. the core tests, which then also run every `backend`-parametrized case on the GPU
#      (CuPy against the NumPy reference, the fused CuPy kernels included; the golden
#      optimizer tests run the NumPy path, the fused Numba CPU kernels and CuPy);
#   2. the GPU benchmark: the CuPy engine vs the NumPy engine (this machine's CPU) vs
#      PyTorch CUDA when torch with CUDA is installed, printed as one table.
# Needs: python3 with numpy, cupy and pytest (torch optional). Installs nothing: the
# repository is put on PYTHONPATH. Under 5 minutes (each step has a timeout).
#
#   bash benchmarks/gpu.sh            # tests + benchmark
#   bash benchmarks/gpu.sh --quick    # extra arguments go to benchmarks/mlp.py
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE=1

echo "== machine"
date -Iseconds
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null \
  || echo "(nvidia-smi not available)"
"$PYTHON" - <<'EOF'
import sys
import numpy
from core.backend.devices import get_backend, gpu_status
cp, why = gpu_status()
if cp is None:
    sys.exit(f"no usable GPU: {why}")
print(f"Python {sys.version.split()[0]}, NumPy {numpy.__version__}, CuPy {cp.__version__}, "
      f"CUDA runtime {cp.cuda.runtime.runtimeGetVersion()}")
print(get_backend("gpu").describe())
from core.optim import cpu_kernels
if cpu_kernels.AVAILABLE:
    import numba
    print(f"Numba {numba.__version__}: the engine CPU column uses the fused optimizer "
          "kernels (core/optim/cpu_kernels.py); the GPU uses CuPy's (core/optim/kernels.py)")
else:
    print("Numba not installed: the engine CPU column uses the NumPy optimizer path")
try:
    import torch
    print(f"PyTorch {torch.__version__}, CUDA available: {torch.cuda.is_available()}")
except ImportError:
    print("PyTorch not installed: the torch CUDA column stays empty")
EOF

echo
echo "== tests (tests/core, CPU and GPU backends)"
status=0
if "$PYTHON" -c "import pytest" 2>/dev/null; then
  timeout 150 "$PYTHON" -m pytest tests/core -q -p no:cacheprovider || status=$?
else
  echo "pytest is not installed: tests skipped"
  status=3
fi

echo
echo "== benchmark (samples/s; GPU/CPU and engine/torch ratios from the same run)"
timeout 140 "$PYTHON" benchmarks/mlp.py --gpu --repeat 3 "$@"

exit "$status"
