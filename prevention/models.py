"""Models of the « Prévenir » axis (see the issues that build it)."""
