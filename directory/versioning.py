"""Optimistic saves: a save made from a page older than the stored record is refused, unless the
stored record already holds exactly what this request sends. That is a double-clicked
« Enregistrer » (the first click saved it): it is reported as saved, and nothing is written
twice. Everything else stale is refused, so nobody's text is silently overwritten."""


def already_stored(model, pk, values: dict) -> bool:
    """The row ``pk`` of ``model`` holds exactly ``values`` (field name → plain value)."""
    if pk is None:
        return False
    row = model.objects.filter(pk=pk).values(*values).first()
    return row is not None and all(
        row[name] == getattr(value, "pk", value) for name, value in values.items()
    )
