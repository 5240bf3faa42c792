"""Small tables as users bring them: text categories, gaps, an ID, a constant column."""

from __future__ import annotations

import numpy as np

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
ISLANDS = ("Biscoe", "Dream", "Torgersen")


def penguin_rows(n: int = 150, seed: int = 0) -> list[list[str]]:
    """Rows of ``id, island, sex, bill, mass, year, colony, note, species``: ``island``
    follows the species (mostly), ``bill`` separates the species, gaps as NA, "", "?"."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        s = i % 3
        island = ISLANDS[s] if i % 7 else ISLANDS[(s + 1) % 3]
        sex = "" if i % 11 == 0 else ("male" if rng.random() < 0.5 else "female")
        bill = "NA" if i % 13 == 0 else f"{38 + 6 * s + rng.normal():.1f}"
        mass = "?" if i % 17 == 0 else f"{3500 + 400 * s + 100 * rng.normal():.0f}"
        year = str(2007 + i % 3)
        rows.append([str(i + 1), island, sex, bill, mass, year, "Palmer", f"bird {i}",
                     SPECIES[s]])
    return rows


HEADER = ["id", "island", "sex", "bill", "mass", "year", "colony", "note", "species"]


def write_table(path, rows, header=HEADER):
    lines = ([",".join(header)] if header else []) + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
