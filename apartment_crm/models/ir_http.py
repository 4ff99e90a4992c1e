# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.routing import ValidationError as RouteValidationError

from odoo import models

from ..tools.input_guard import MAX_INT, MIN_INT


def _bounded(converter_class):
    """``converter_class`` refusing numbers PostgreSQL's ``integer`` cannot hold: the URL does
    not match (404) instead of failing later with "integer out of range" (HTTP 500)."""

    class Bounded(converter_class):
        def to_python(self, value):
            number = value.rsplit("-", 1)[-1].split(",")
            for part in number:
                if part.lstrip("-").isdigit() and not MIN_INT <= int(part) <= MAX_INT:
                    raise RouteValidationError()
            return super().to_python(value)

    Bounded.__name__ = f"Bounded{converter_class.__name__}"
    return Bounded


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_converters(cls):
        converters = super()._get_converters()
        return dict(
            converters,
            **{
                name: _bounded(converters[name])
                for name in ("int", "model", "models")
                if name in converters
            },
        )
