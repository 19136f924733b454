"""The policytl command line: a thin client of the library (Typer, Rich at the edges)."""
