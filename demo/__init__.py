"""Demo content as data files (demo/data/*.yaml), each with its loader here."""
