"""Django's JSON serializer, without its loss: DjangoJSONEncoder cuts date-times to the
millisecond, so a restored audit row would no longer match its hash. Used by backup_portal."""

import datetime

from django.core.serializers.json import Deserializer as JsonDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JsonSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()  # microseconds kept
        return super().default(o)


class Serializer(JsonSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JsonDeserializer
