"""The Lessons panel: guided experiments beside the window (:mod:`.lessons_panel`), their
outcomes in words (:mod:`.outcome_words`) and the language they are shown in
(:mod:`.language`)."""
