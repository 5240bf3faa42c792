"""The network designer: layer palette, card editor, analysis, properties, activation plot."""
