"""Reads of « Prévenir » shared by views, home panels, yearly figures and other apps."""
