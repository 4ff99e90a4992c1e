# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad values a user (RPC, import, a portal form run as superuser) may send to a field of the
suite, refused with a ``ValidationError`` naming the field and the fix before the ORM turns them
into a Python or PostgreSQL error (``TypeError``, "integer out of range", NUL in a string) or
stores garbage (NaN, infinity, 10¹⁸, a 72 KB note).

The checks are generic by field type, so a new field of the suite is covered without code:
``check_vals(model, vals)`` runs from the ``create``/``write`` of every model of the suite (see
``models/base.py``). Bounds that protect data (a percentage, a number of months) are
``CHECK`` constraints on the models; these are the limits every value of a type must respect.
"""

import math
from datetime import date, datetime

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.models import BaseModel

# PostgreSQL ``integer``: ids, Integer fields.
MAX_INT = 2**31 - 1
MIN_INT = -(2**31)
# No amount, rate or number of points of the suite comes near a trillion; beyond it a float
# loses the cents and the points ledger its exactness.
MAX_FLOAT = 10**12
# Longest single-line text (names, references, codes) and longest note a user may type.
MAX_CHAR = 1024
MAX_TEXT = 20000
# Dates a lease, a renewal or an event can hold; beyond them the value is a typo.
MIN_YEAR = 1900
MAX_YEAR = 2200

_X2M_ID_COMMANDS = (1, 2, 3, 4)
MAGIC_FIELDS = frozenset(
    ("id", "display_name", "create_uid", "create_date", "write_uid", "write_date")
)


def _thousands(number):
    return format(number, ",")


def _show(value):
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "..."


def _check_float(env, field, value):
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return env._(
                "“%(value)s” is not a number: enter a number such as 12 or 12.5.",
                value=_show(value),
            )
    elif not isinstance(value, int | float):
        return env._("“%(value)s” is not a number.", value=_show(value))
    if not math.isfinite(value):
        return env._(
            "“%(value)s” is not a finite number: enter a number such as 12 or 12.5.",
            value=_show(value),
        )
    if abs(value) >= MAX_FLOAT:
        return env._(
            "%(value)s is too large: enter a value below %(max)s.",
            value=_show(value),
            max=_thousands(MAX_FLOAT),
        )
    return None


def _check_integer(env, field, value):
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            return env._(
                "“%(value)s” is not a whole number: enter a number such as 12.", value=_show(value)
            )
    elif isinstance(value, float):
        if not math.isfinite(value):
            return env._(
                "“%(value)s” is not a finite number: enter a whole number such as 12.",
                value=_show(value),
            )
    elif not isinstance(value, int):
        return env._("“%(value)s” is not a whole number.", value=_show(value))
    if not MIN_INT <= value <= MAX_INT:
        return env._(
            "%(value)s is out of range: enter a whole number between %(min)s and %(max)s.",
            value=_show(value),
            min=_thousands(MIN_INT),
            max=_thousands(MAX_INT),
        )
    return None


def _check_id(env, field, value):
    if isinstance(value, BaseModel | tuple | list):
        return None  # records, NewIds, (id, name) pairs: the ORM resolves them
    if isinstance(value, str) or not isinstance(value, int) or not 0 < value <= MAX_INT:
        return env._("“%(value)s” is not a record: choose one from the list.", value=_show(value))
    return None


def _check_x2many(env, field, value):
    if not isinstance(value, list | tuple):
        return None  # a recordset
    for command in value:
        ids = ()
        if isinstance(command, list | tuple) and command:
            if command[0] in _X2M_ID_COMMANDS and len(command) > 1:
                ids = (command[1],)
            elif command[0] == 6 and len(command) > 2:
                ids = command[2] or ()
        elif isinstance(command, int):
            ids = (command,)
        for record_id in ids:
            if isinstance(record_id, int) and not isinstance(record_id, bool):
                if not 0 < record_id <= MAX_INT:
                    return env._(
                        "“%(value)s” is not a record: choose one from the list.",
                        value=_show(record_id),
                    )
    return None


def _check_date(env, field, value):
    to_value = fields.Datetime.to_datetime if field.type == "datetime" else fields.Date.to_date
    if isinstance(value, str):
        try:
            value = to_value(value)
        except ValueError:
            return env._(
                "“%(value)s” is not a valid date: use a day that exists, as 2026-02-28.",
                value=_show(value),
            )
    elif not isinstance(value, date | datetime):
        return env._("“%(value)s” is not a date.", value=_show(value))
    if value and not MIN_YEAR <= value.year <= MAX_YEAR:
        return env._(
            "%(value)s is not a plausible date: enter a year between %(min)s and %(max)s.",
            value=_show(str(value)),
            min=MIN_YEAR,
            max=MAX_YEAR,
        )
    return None


def _check_selection(env, field, value):
    if not isinstance(value, str) or value not in field.get_values(env):
        labels = dict(field._description_selection(env))
        return env._(
            "“%(value)s” is not one of the choices: %(choices)s.",
            value=_show(value),
            choices=", ".join(str(label) for label in labels.values()),
        )
    return None


def _check_text(env, field, value):
    if not isinstance(value, str):
        if isinstance(value, dict | list | tuple | set):
            return env._("“%(value)s” is not a text.", value=_show(value))
        return None
    if "\x00" in value:
        return env._("The text contains a NUL character: remove it.")
    if field.type == "html":
        return None
    limit = MAX_CHAR if field.type == "char" else MAX_TEXT
    if getattr(field, "size", None):
        limit = min(limit, field.size)
    if len(value) > limit:
        return env._(
            "The text is too long (%(length)s characters): keep it under %(max)s characters.",
            length=_thousands(len(value)),
            max=_thousands(limit),
        )
    if field.required and field.type == "char" and not value.strip():
        return env._("It is required: enter a text (blank is not accepted).")
    return None


_CHECKS = {
    "float": _check_float,
    "monetary": _check_float,
    "integer": _check_integer,
    "many2one_reference": _check_integer,
    "many2one": _check_id,
    "one2many": _check_x2many,
    "many2many": _check_x2many,
    "date": _check_date,
    "datetime": _check_date,
    "selection": _check_selection,
    "char": _check_text,
    "text": _check_text,
    "html": _check_text,
}


def is_suite_defined(field):
    """Whether an ``apartment_crm*`` addon defines (or redefines) ``field``."""
    return any((module or "").startswith("apartment_crm") for module in field._modules or ())


def is_suite_field(model, field):
    """The fields this guard checks: every field of a model of the suite (``apartment.*``)
    and every field an ``apartment_crm*`` addon adds to another model."""
    return model._name.startswith("apartment.") or is_suite_defined(field)


def guarded_fields(model):
    """{field name: check} of ``model`` (cached on the registry's model class)."""
    cls = type(model)
    cached = cls.__dict__.get("_apartment_guarded_fields")
    if cached is None:
        cached = {
            name: _CHECKS[field.type]
            for name, field in model._fields.items()
            if field.type in _CHECKS and is_suite_field(model, field)
        }
        cls._apartment_guarded_fields = cached
    return cached


def check_vals(model, vals):
    """Raise a ``ValidationError`` naming the field and the fix for the first bad value of
    ``vals`` (a ``create``/``write`` dict of ``model``)."""
    checks = guarded_fields(model)
    if not checks:
        return
    env = model.env
    for name, value in vals.items():
        check = checks.get(name)
        if check is None or value is False or value is None:
            continue
        if isinstance(value, bool) and check is not _check_selection:
            continue
        problem = check(env, model._fields[name], value)
        if problem:
            field = model._fields[name]
            raise ValidationError(
                env._(
                    "%(field)s (%(model)s): %(problem)s",
                    field=field._description_string(env),
                    model=model._description,
                    problem=problem,
                )
            )


def computed_fields(model):
    """Names of the suite's computed fields of ``model`` users may not write: computed or
    related and read-only (an editable compute says ``readonly=False``), defined by a suite
    addon (the mixins' own fields, e.g. ``mail.thread``'s, are left to them). Writing one over RPC
    would store a result the engine did not compute, or write through a related field to
    another record (a lease's building moves its unit)."""
    cls = type(model)
    cached = cls.__dict__.get("_apartment_computed_fields")
    if cached is None:
        cached = frozenset(
            name
            for name, field in model._fields.items()
            if field.compute
            and field.readonly
            and name not in MAGIC_FIELDS
            and is_suite_defined(field)
        )
        cls._apartment_computed_fields = cached
    return cached


def check_computed_write(model, vals):
    """Refuse to write a computed field of ``computed_fields`` (the system, in superuser mode,
    still may: engines, upgrades, data files)."""
    if model.env.su:
        return
    blocked = computed_fields(model).intersection(vals)
    if blocked:
        env = model.env
        raise UserError(
            env._(
                "%(fields)s (%(model)s) are computed by the application and cannot be "
                "written: change the data they are computed from instead.",
                fields=", ".join(
                    sorted(model._fields[name]._description_string(env) for name in blocked)
                ),
                model=model._description,
            )
        )
