# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools.input_guard import (
    check_computed_write,
    check_vals,
    computed_fields,
    guarded_fields,
)


def _install_input_guard(cls):
    """Put the input guard (``tools/input_guard.py``) in front of the ``create`` and ``write``
    of the registry's class ``cls``, so that it runs before every override of the model (an
    override reading ``vals``, e.g. the lease's overlap pre-check, would otherwise meet the bad
    value first and fail with a ``TypeError``)."""

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_vals(self, vals)
        return super(cls, self).create(vals_list)

    def write(self, vals):
        check_vals(self, vals)
        return super(cls, self).write(vals)

    cls.create = create
    cls.write = write


class Base(models.AbstractModel):
    """Every model of the suite (and every model a suite addon adds fields to) refuses bad
    values with a clear ``ValidationError``; the other models are untouched."""

    _inherit = "base"

    def write(self, vals):
        # Last in line: a model's own check of its computed fields (e.g. the tenant's engine
        # fields, the SLA clock) speaks first, with its own message.
        check_computed_write(self, vals)
        return super().write(vals)

    def _setup_complete(self):
        res = super()._setup_complete()
        cls = type(self)
        # The fields may change when an addon is installed: the guard's caches are rebuilt.
        cls._apartment_guarded_fields = None
        cls._apartment_computed_fields = None
        if (guarded_fields(self) or computed_fields(self)) and "create" not in cls.__dict__:
            _install_input_guard(cls)
        return res
