# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad input, data-driven: every stored field of the suite gets the classes of bad values.

* ORM: for every model of the suite (``ir.model.modules`` holds an ``apartment_crm*`` addon)
  and every stored field of the suite (all fields of an ``apartment.*`` model, the fields a
  suite addon adds to another model), each value of ``BAD_VALUES[field.type]`` is written on
  a record of the model (found in ``TrustCommon``'s data or the database; created from the
  value alone when there is none) as the housekeeper (the manager, then the system, when
  the housekeeper may not write the model). Expected: a ``UserError`` / ``ValidationError`` /
  ``AccessError``, never a ``ValueError``, ``TypeError`` or a PostgreSQL error.
  A new field is covered without a new test; a new field *type* fails until it gets a row in
  ``BAD_VALUES`` (or in ``UNCHECKED_TYPES`` with the reason).
* Garbage that passes the type checks but not the business bounds (``GARBAGE``): one row per
  (model, field, value); the error may come from a ``CHECK`` constraint (its message is what
  an RPC caller sees). Add a row for each new bound.
* Portal POST routes (every POST route of an ``apartment_crm*`` controller, read from the
  routing map): each bad value in each form field, and out-of-range ids in the URL, must get
  an answer below 500.

Each test runs every case (each write in a savepoint, nothing committed), logs
"<n> cases, <m> failed" and then fails once listing every failed case: a failing ``subTest``
would stop pytest-odoo at the first one, hiding the others.
"""

import logging

import requests
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.service.model import _as_validation_error
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .trust_common import TrustCommon, suite_models

_logger = logging.getLogger(__name__)

NAN, INF = float("nan"), float("inf")
HUGE_NOTE = "x" * 72 * 1024

# {field type: [(case name, value)]}: what a careless user or an attacker sends over RPC.
BAD_VALUES = {
    "float": [("nan", NAN), ("inf", INF), ("-inf", -INF), ("text", "abc"), ("1e18", 10**18)],
    "integer": [
        ("text", "abc"),
        ("2**31", 2**31),
        ("-2**31-1", -(2**31) - 1),
        ("1e18", 10**18),
        ("nan", NAN),
    ],
    "many2one": [("id 2**31", 2**31), ("text", "abc"), ("negative id", -1)],
    "many2many": [("link 2**31", [Command.link(2**31)]), ("set 2**40", [Command.set([2**40])])],
    "one2many": [("link 2**31", [Command.link(2**31)])],
    "date": [("2026-02-30", "2026-02-30"), ("text", "abc"), ("year 1", "0001-01-01")],
    "datetime": [("2026-02-30", "2026-02-30 10:00:00"), ("text", "abc")],
    "selection": [("unknown", "__unknown__"), ("number", 42)],
    "char": [("NUL", "a\x00b"), ("72 KB", HUGE_NOTE)],
    "text": [("NUL", "a\x00b"), ("72 KB", HUGE_NOTE)],
    "html": [("NUL", "<p>a\x00b</p>")],
}
BAD_VALUES["monetary"] = BAD_VALUES["float"]
BAD_VALUES["many2one_reference"] = BAD_VALUES["integer"]
# Types without a bad value of their own, and why.
UNCHECKED_TYPES = {
    "boolean": "every value is truthy or falsy",
    "binary": "any bytes are a file",
    "json": "any JSON is valid",
    "properties": "validated by the ORM's properties definition",
    "reference": "a 'model,id' text the ORM resolves (none in the suite)",
}

# (model, field, value, why): values of a valid type the business refuses.
GARBAGE = [
    ("apartment.unit", "floor", 100000, "floor out of the building"),
    ("apartment.unit", "bedrooms", -1, "negative bedrooms"),
    ("apartment.unit", "name", "   ", "empty unit name"),
    ("apartment.unit", "list_rent", -5, "negative rent"),
    ("apartment.lease", "rent_amount", 10**13, "rent 10**13"),
    ("apartment.lease", "first_month_discount_percent", 500, "discount 500 %"),
    ("apartment.lease", "first_month_discount_percent", -50, "discount -50 %"),
    ("apartment.lease.renewal.option", "term_months", 100000, "term of 100,000 months"),
    ("apartment.lease.renewal.option", "discount_percent", 500, "discount 500 %"),
    ("apartment.lease.renewal.option", "bonus_points", 10**9, "bonus over the company cap"),
    ("apartment.sla.policy", "resolution_minutes", 10**8, "resolution in 190 years"),
    ("event.event", "seats_max", -1, "seats_max -1"),
    ("event.event", "attendance_points", 10**9, "attendance points over the cap"),
    ("apartment.event.schedule", "seats_max", -1, "seats_max -1"),
    ("apartment.lease.renewal", "decline_note", HUGE_NOTE, "72 KB decline note"),
    ("apartment.property", "name", "", "empty property name"),
    ("apartment.touchpoint.rule", "activity_deadline_days", 100000, "activity due in 273 years"),
]

CLEAR_ERRORS = (UserError, AccessError)
SENTINEL_ID = 987654321


def _is_sql_view(model):
    return not model._auto or model._abstract or model._transient


def clear_error(env, run):
    """Run ``run()`` in a savepoint; return (ok, what happened): ok when it raised a user error
    (a ``CHECK`` constraint violation counts: RPC answers it with the constraint's message)."""
    try:
        with mute_logger("odoo.sql_db"), env.cr.savepoint():
            run()
            env.flush_all()
    except CLEAR_ERRORS as error:
        return True, type(error).__name__
    except IntegrityError as error:
        known = error.diag.constraint_name in env.registry._sql_constraints
        return known, f"{_as_validation_error(env, error).args[0]}" if known else repr(error)
    except Exception as error:  # noqa: BLE001 - what the suite is looking for
        return False, f"{type(error).__name__}: {error}"[:300]
    return False, "accepted"


@tagged("post_install", "-at_install")
class TestTrustBadInputOrm(TrustCommon):
    def _writer(self, model):
        """The least privileged internal user who may write ``model``."""
        for user in (self.user_housekeeper, self.user_manager):
            if self.env[model._name].with_user(user).has_access("write"):
                return user
        return None

    def _record(self, model):
        record = self.env[model._name].search([], limit=1, order="id desc")
        return record

    def _cases(self):
        for name in sorted(suite_models(self.env)):
            model = self.env[name]
            if _is_sql_view(model):
                continue
            for fname, field in sorted(model._fields.items()):
                if not field.store or (field.compute and field.readonly):
                    continue  # computed results: the access matrix holds them unwritable
                if fname in models_log_fields or not _is_suite_field(model, field):
                    continue
                if field.type in UNCHECKED_TYPES:
                    continue
                self.assertIn(
                    field.type,
                    BAD_VALUES,
                    f"field type {field.type} ({name}.{fname}) has no bad values: add them to "
                    "BAD_VALUES (or UNCHECKED_TYPES with the reason) in "
                    "apartment_crm_suite/tests/test_trust_bad_input.py",
                )
                for case, value in BAD_VALUES[field.type]:
                    yield model, field, case, value

    def test_bad_values_through_the_orm(self):
        failures, count = [], 0
        for model, field, case, value in self._cases():
            count += 1
            ok, what = self._try(model, field, value)
            if not ok:
                failures.append(f"{model._name}.{field.name} = {case}: {what}")
        _logger.info("bad input (ORM): %s cases, %s failed", count, len(failures))
        self.assertFalse(failures, "\n".join(failures))

    def test_garbage_values(self):
        failures = []
        for name, fname, value, why in GARBAGE:
            self.assertIn(name, self.env, f"GARBAGE row for unknown model {name}")
            ok, what = self._try(self.env[name], self.env[name]._fields[fname], value)
            if not ok:
                failures.append(f"{name}.{fname} = {why}: {what}")
        _logger.info("bad input (garbage): %s cases, %s failed", len(GARBAGE), len(failures))
        self.assertFalse(failures, "\n".join(failures))

    def _try(self, model, field, value):
        user = self._writer(model)
        record = self._record(model)
        Model = model.with_user(user) if user else model.sudo()
        if record:
            return clear_error(self.env, lambda: Model.browse(record.id).write({field.name: value}))
        return clear_error(self.env, lambda: Model.create({field.name: value}))


models_log_fields = frozenset(("id", "create_uid", "create_date", "write_uid", "write_date"))


def _is_suite_field(model, field):
    return model._name.startswith("apartment.") or any(
        (module or "").startswith("apartment_crm") for module in field._modules or ()
    )


@tagged("post_install", "-at_install")
class TestTrustBadInputPortal(TrustCommon, HttpCase):
    """Every POST route of the suite, with bad values in its form and out-of-range ids."""

    BAD_FORM_VALUES = [
        "nan",
        "inf",
        "-inf",
        "1e400",
        "-1",
        "99999999999999999999",
        "2147483648",
        "abc",
        "1,000",
        "",
        "a\x00b",
        HUGE_NOTE,
    ]
    # Form fields the suite's forms post (the handlers' own parameters are added).
    FORM_FIELDS = ("points", "option_id", "reason_id", "note", "rating", "comment", "stage_id")
    BAD_IDS = [2**31, 2**63, -1, 0]

    def test_post_routes(self):
        from .test_trust_portal_isolation import route_params, suite_routes

        self.authenticate(self.portal_a.login, self.portal_a.login)
        csrf = self._csrf()
        failures, count = [], 0
        for rule, endpoint in suite_routes(self.env):
            if "POST" not in (rule.methods or ()):
                continue
            params = route_params(self, rule, "a")
            url = rule.build(params, append_unknown=False)[1] if rule.arguments else rule.rule
            fields = set(self.FORM_FIELDS) | _handler_params(endpoint) - set(rule.arguments)
            for value in self.BAD_FORM_VALUES:
                count += 1
                data = {name: value for name in fields}
                data["csrf_token"] = csrf
                status = self._post(url, data)
                if status >= 500:
                    failures.append(f"{rule.rule} {value[:20]!r}: {status}")
            for argument in sorted(_int_arguments(rule)):
                for bad_id in self.BAD_IDS:
                    count += 1
                    marker = rule.build({**params, argument: SENTINEL_ID}, append_unknown=False)
                    bad_url = marker[1].replace(str(SENTINEL_ID), str(bad_id))
                    status = self._post(bad_url, {"csrf_token": csrf})
                    if status >= 500:
                        failures.append(f"{bad_url}: {status}")
        _logger.info("bad input (portal POST): %s cases, %s failed", count, len(failures))
        self.assertFalse(failures, "\n".join(failures))

    def _csrf(self):
        import re

        page = self.url_open("/my/points").text
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def _post(self, url, data):
        """The status of the answer (599: no valid HTTP answer, e.g. a 64 KB header)."""
        with mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http"):
            try:
                return self.url_open(url, data=data, allow_redirects=False).status_code
            except requests.exceptions.ConnectionError:
                return 599


def _int_arguments(rule):
    return {
        name
        for name, converter in rule._converters.items()
        if type(converter).__name__.endswith(("IntConverter", "ModelConverter"))
    }


def _handler_params(endpoint):
    import inspect

    function = getattr(endpoint, "original_endpoint", endpoint)
    return {
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if name != "self" and parameter.kind is parameter.POSITIONAL_OR_KEYWORD
    }
