"""Django's JSON serialisation, but datetimes keep their microseconds (the stock encoder cuts them
to milliseconds). Used by backups, so that a restore gives back exactly what was saved."""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401  (the format's reading half)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder
