"""``in`` on integer columns with values no column can hold.

Django drops out-of-range integers from ``exact``, ``gt``, ``lt``… (they cannot match), but not from
``in``: on SQLite ``pk__in=[99999999999999999999]`` raises OverflowError, a 500 for any form with a
multiple choice of records (``ModelMultipleChoiceField`` checks the posted ids with ``pk__in``).
This lookup leaves such values out, as ``exact`` does. Registered from ``DirectoryConfig.ready``.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [value for value in self.rhs if _fits(value, low, high)]
            if not self.rhs:
                raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def _fits(value, low, high) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
