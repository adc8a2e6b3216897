"""Forms of « Mieux prendre en charge », one module per area."""
