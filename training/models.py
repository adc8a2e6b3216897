"""Models of the « Former » axis (see the issues that build it)."""
