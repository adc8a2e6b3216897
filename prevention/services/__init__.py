"""Writes of « Prévenir »: each validates, writes inside a transaction and leaves an audit row."""
