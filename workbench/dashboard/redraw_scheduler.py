"""When and how the Train tab redraws: a ~30 Hz timer, only what changed, worker held back.

:class:`RedrawScheduler` redraws the visible page of the dashboard from the current run on
a timer, and only when the run has changed. The plots are painted there and then (not
later by Qt) inside :meth:`TrainingSession.painting`, so the worker holds back for the few
milliseconds a redraw needs instead of contending with it for the GIL. While a run trains,
each tick redraws only the next few panels (round robin) within :data:`FRAME_BUDGET_S`,
and slow frames lengthen the interval (:meth:`RedrawScheduler._adapt_rate`).
"""

from __future__ import annotations

import collections
import time
from contextlib import nullcontext
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from workbench.training.run_records import RUNNING

if TYPE_CHECKING:
    from workbench.dashboard.training_view import TrainingView

REFRESH_MS = 33
FRAME_BUDGET_S = 0.006   # GUI time per timer tick while training (panels drawn round robin)
#: The longest interval slow frames stretch the timer to.
SLOWEST_REFRESH_MS = 250
#: While a run trains, the share of the time the redraws may take: the worker is held
#: back while the GUI paints, and on one interpreter the two share the GIL, so the
#: training rate beside the Train tab is at most ``1 - REDRAW_SHARE`` of the headless rate
#: (redraws of ~10 ms on the default spiral: a tick every ~65 ms).
REDRAW_SHARE = 0.15


class RedrawScheduler(QObject):
    """Redraws ``view``'s dashboards from its current run (the view's timer and painter).

    Attributes
    ----------
    frame_times : deque of (float, float)
        (wall, GUI-thread CPU) seconds of the latest redraws while training (benchmarks).
    """

    def __init__(self, view: TrainingView):
        super().__init__(view)
        self.view = view
        self.frame_times: collections.deque = collections.deque(maxlen=2000)
        self._refreshing = False
        self._next_panel = 0
        self._drawn_version = None
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def reset_rate(self) -> None:
        """Back to the normal interval (the run stopped training)."""
        self.timer.setInterval(REFRESH_MS)

    def gate(self):
        """A context that holds the worker back while the GUI paints (when it trains)."""
        session = self.view.session
        return session.painting() if session is not None and session.active and \
            self.view.hold_worker_while_painting else nullcontext()

    # ---------------------------------------------------------------- redraws
    def refresh(self, force: bool = False, all_pages: bool = False) -> None:
        """Redraw the visible plots from the current run (timer; ``force``: even if unchanged).

        ``all_pages`` redraws every page, even while the view is hidden.
        """
        view = self.view
        run = view.run
        if run is None or self._refreshing:
            return
        if not view.isVisible() and not all_pages:
            return            # another tab is shown: draw when the view is shown again
        session = view.session
        running = session is not None and session.state == RUNNING
        self._refreshing = True
        started = time.perf_counter()
        cpu = time.thread_time()
        try:
            with self.gate():
                self._refresh(run, force, all_pages, round_robin=running)
        finally:
            self._refreshing = False
        if running:
            frame = time.perf_counter() - started
            self.frame_times.append((frame, time.thread_time() - cpu))
            self._adapt_rate(frame)

    def repaint_gated(self, change=None) -> None:
        """Apply ``change`` (if any) and repaint the visible page now, worker held back."""
        view = self.view
        with self.gate():
            if change is not None:
                change()
            if view.isVisible() and view.hold_worker_while_painting:
                self._paint_now(view.page_panels[view.pages.currentIndex()])

    def _adapt_rate(self, frame_s: float) -> None:
        """Keep redraws to at most :data:`REDRAW_SHARE` of the time: slower frames, longer
        interval (between :data:`REFRESH_MS` and :data:`SLOWEST_REFRESH_MS`)."""
        interval = int(min(max(REFRESH_MS, 1000 * frame_s / REDRAW_SHARE),
                           SLOWEST_REFRESH_MS))
        if abs(interval - self.timer.interval()) > 5:
            self.timer.setInterval(interval)

    def _refresh(self, run, force: bool, all_pages: bool, round_robin: bool) -> None:
        view = self.view
        view.controller.account_running()
        key = (run.number, run.version, view.pages.currentIndex(),
               tuple(r.number for r in view.run_list.compared()))
        if not force and key == self._drawn_version:
            view.progress.update_from(run)
            return
        self._drawn_version = key
        view.options.compared = view.run_list.compared()
        view.progress.update_from(run)
        if run.info is not None:
            visible = view.page_panels[view.pages.currentIndex()]
            shown = view.shown_run(run)    # at the timeline's moment, or live
            if round_robin and not all_pages and view.hold_worker_while_painting:
                self._refresh_some(shown, visible)
            else:
                for panels in (view.page_panels if all_pages else [visible]):
                    for panel in panels:
                        panel.refresh(shown, view.options)
                if view.isVisible() and view.hold_worker_while_painting:
                    self._paint_now(visible)
        view.run_list.update_run(run)
        view.show_learning_rate(run)

    def _refresh_some(self, run, panels) -> None:
        """While training: redraw the next few panels (round robin) within FRAME_BUDGET_S.

        Each timer tick then blocks the GUI thread (and holds the worker back) for a few
        milliseconds only, instead of for the whole page at once.
        """
        start = time.perf_counter()
        n = len(panels)
        first = self._next_panel % n
        done = 0
        while done < n:
            panel = panels[(first + done) % n]
            panel.refresh(run, self.view.options)
            self._paint_now([panel])
            done += 1
            if time.perf_counter() - start > FRAME_BUDGET_S:
                break
        self._next_panel = (first + done) % n

    def _paint_now(self, panels) -> None:
        """Let Qt repaint what changed, now: layouts, the scenes' queued updates, the window.

        (A new axis range can change an axis' width: its layout request must be handled
        here too, or the relayout and repaint would happen later, outside the gate.)
        """
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        for panel in panels:
            QCoreApplication.sendPostedEvents(panel.plot_widget.scene(),
                                              QEvent.Type.MetaCall.value)
        QCoreApplication.sendPostedEvents(self.view.window(), QEvent.Type.UpdateRequest.value)
