"""The progress line of ``nn-workbench train``: one line on stderr, rewritten in place."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    """One line on stderr, rewritten in place: epoch, loss, samples/s, ETA."""

    def __init__(self, total_epochs: int, stream=None, enabled: bool = True):
        stream = stream if stream is not None else sys.stderr
        self.total, self.stream, self.enabled = total_epochs, stream, enabled
        self.started = time.perf_counter()
        self.last_draw = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def epoch(self, event) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        done = event.epoch / self.total
        width = 24
        filled = int(round(done * width))
        elapsed = now - self.started
        eta = elapsed / done - elapsed if done > 0 else 0.0
        val = "" if event.val_loss is None else f" val {event.val_loss:.4f}"
        metric = event.val_metrics.get("accuracy", event.train_metrics.get("accuracy"))
        acc = "" if metric is None else f" acc {metric:.3f}"
        line = (f"epoch {event.epoch}/{self.total} [{'#' * filled}{'.' * (width - filled)}] "
                f"loss {event.train_loss:.4f}{val}{acc} "
                f"{event.samples_per_second:,.0f} samples/s ETA {format_clock(eta)}")
        if self.tty:
            if now - self.last_draw > 0.1 or event.epoch == self.total:
                self._write("\r" + line + "\x1b[K")
                self.last_draw = now
        elif event.epoch == self.total or now - self.last_draw > 2.0 or event.epoch == 1:
            self._write(line + "\n")
            self.last_draw = now

    def _write(self, text: str) -> None:
        """A progress line must never end the run: a closed or broken stderr silences it."""
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        if self.enabled and self.tty:
            self._write("\n")


def format_clock(seconds: float) -> str:
    """``3725.2`` → ``"1:02:05"`` (hours:minutes:seconds; negative counts as 0)."""
    seconds = int(max(seconds, 0))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
