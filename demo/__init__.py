"""Demo content as data files, each with its loader."""
