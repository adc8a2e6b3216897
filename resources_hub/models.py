"""Models of the « Mieux prendre en charge » axis (see the issues that build it)."""
