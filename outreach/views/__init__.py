"""Views of « Informer », one module per area."""
