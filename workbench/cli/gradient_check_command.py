"""``nn-workbench gradcheck EXPERIMENT.json``: back propagation against finite differences.

The experiment's network, initialized from its seed, is checked on 16 training rows drawn
with seed 0 (:func:`core.nn.gradient_check.check_experiment`); one line per parameter,
then the verdict. Exit status 0 when every relative error is below the tolerance, else 1.
Never imports Qt.
"""

from __future__ import annotations

from pathlib import Path

#: Training rows and entries per parameter the command checks.
ROWS = 16
MAX_COORDS = 40


def gradient_check_command(args) -> int:
    """Carry out ``gradcheck``; 0 when the gradients agree, 1 when they do not."""
    from core.data.spec import prepare
    from core.io import experiment_file
    from core.nn.gradient_check import TOLERANCE, check_experiment

    path = Path(args.experiment)
    doc = experiment_file.load(path)
    train = prepare(doc["data"], path.parent).train
    result = check_experiment(doc, train.X, train.y, rows=ROWS, max_coords=MAX_COORDS,
                              random_rows=True)
    print(f"{'parameter':<16} {'relative error':>15}")
    for name, err in result.errors.items():
        flag = "" if err < TOLERANCE else "  <-- exceeds tolerance"
        print(f"{name:<16} {err:>15.3e}{flag}")
    verdict = "passed" if result.passed else "FAILED"
    print(f"gradient check {verdict}: worst relative error {result.max_error:.3e} "
          f"(tolerance {TOLERANCE:g}, central differences in float64)")
    return 0 if result.passed else 1
