"""Guided lessons: lesson files (:mod:`.lesson_format`), the checks they make on a run
(:mod:`.checks`, :mod:`.formula`) and training a page's experiment without a window
(:mod:`.headless_run`)."""
