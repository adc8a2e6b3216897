"""Models of the « Informer » axis (see the issues that build it)."""
