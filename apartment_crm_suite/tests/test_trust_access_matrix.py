# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access matrix, data-driven: every model of the suite × every role × read / write / create /
unlink / copy, and every restricted or computed field, against the tables of
``access_matrix.py`` (see its docstring to add a row). A model or field of the suite without a
row fails with a message naming where to add it.

Roles: ``tenant`` (portal tenant A), ``other_tenant`` (portal tenant B), ``housekeeper``,
``manager``, ``other_company`` (a housekeeper of another company only) and ``internal`` (an
internal user outside the suite's groups, with contact rights like an accountant).
On the model: the ACL (``has_access``) as the table says. On records: tenant B and the other
company's housekeeper read none of tenant A's / the company's records; copying a record (as
each role who may read it) is allowed or refused with a clear error, never a crash.
"""

import logging

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.apartment_crm.tools.input_guard import computed_fields, is_suite_defined

from .access_matrix import (
    ABSTRACT,
    COMPANY_SCOPE,
    COMPUTED_FIELDS,
    FIELD_GROUPS,
    expected_rows,
)
from .trust_common import TrustCommon, suite_models

_logger = logging.getLogger(__name__)

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
# The ACL of a role is the one of the table's column.
ROLE_COLUMNS = {
    "tenant": "tenant",
    "other_tenant": "tenant",
    "housekeeper": "housekeeper",
    "manager": "manager",
    "other_company": "housekeeper",
    "internal": "internal",
}
WHERE = "apartment_crm_suite/tests/access_matrix.py"


@tagged("post_install", "-at_install")
class TestTrustAccessMatrix(TrustCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An accountant or a salesperson: internal, contact rights, none of the suite's groups.
        cls.user_employee.groups_id |= cls.env.ref("base.group_partner_manager")
        cls.models = suite_models(cls.env)
        cls.rows = expected_rows()

    def _count(self, failures, case, ok, message):
        self.counts["cases"] += 1
        if not ok:
            failures.append(f"{case}: {message}")

    def _report(self, part, failures):
        """Log the counts (cases run / failed) and fail once with every failed case."""
        _logger.info(
            "access matrix (%s): %s cases, %s failed", part, self.counts["cases"], len(failures)
        )
        self.assertFalse(failures, "\n".join(failures))

    def setUp(self):
        super().setUp()
        self.counts = {"cases": 0}

    def test_every_model_has_a_row(self):
        missing = sorted(set(self.models) - set(self.rows))
        self.assertFalse(
            missing,
            "\n".join(
                f"model {name} (addons {', '.join(self.models[name])}) has no row in the access "
                f"matrix: add one to ACCESS_MATRIX[{self.models[name][0]!r}] in {WHERE}"
                for name in missing
            ),
        )
        stale = sorted(set(self.rows) - set(self.models))
        self.assertFalse(stale, f"rows for models the suite does not hold any more: {stale}")

    def test_model_access(self):
        failures = []
        for name, row in sorted(self.rows.items()):
            if name not in self.env or row is ABSTRACT:
                continue
            model = self.env[name]
            for role, user in self.roles.items():
                allowed = getattr(row, ROLE_COLUMNS[role])
                for letter, operation in OPERATIONS.items():
                    got = model.with_user(user).has_access(operation)
                    self._count(
                        failures,
                        f"{name} {role} {operation}",
                        got == (letter in allowed),
                        f"expected {'allowed' if letter in allowed else 'denied'}, got "
                        f"{'allowed' if got else 'denied'} (fix the ACL or the row in {WHERE})",
                    )
        self._report("models", failures)

    def test_records_of_other_tenants_and_companies(self):
        failures = []
        for name, row in sorted(self.rows.items()):
            if name not in self.env or row is ABSTRACT:
                continue
            model = self.env[name].sudo()
            if not model._auto or model._transient:
                continue
            fields = model._fields
            if (
                "partner_id" in fields
                and fields["partner_id"].store
                and fields["partner_id"].comodel_name == "res.partner"
                and "r" in row.tenant
            ):
                mine = model.search([("partner_id", "=", self.tenant.id)], limit=5)
                if mine:
                    seen = mine.with_user(self.portal_b)._filtered_access("read")
                    self._count(
                        failures,
                        f"{name} other_tenant reads tenant A's records",
                        not seen,
                        f"tenant B reads {seen.ids}: add or fix the portal record rule",
                    )
            company = fields.get("company_id")
            scope = COMPANY_SCOPE.get(name, [])
            if (
                company
                and company.store
                and company.comodel_name == "res.company"
                and scope is not None
            ):
                ours = model.search([("company_id", "=", self.company.id), *scope], limit=5)
                if ours and "r" in row.housekeeper:
                    seen = ours.with_user(self.user_other_company)._filtered_access("read")
                    self._count(
                        failures,
                        f"{name} other_company reads the company's records",
                        not seen,
                        f"another company's user reads {seen.ids}: add a multi-company rule",
                    )
        self._report("records", failures)

    def test_copy(self):
        failures = []
        for name, row in sorted(self.rows.items()):
            if name not in self.env or row is ABSTRACT:
                continue
            model = self.env[name].sudo()
            if not model._auto or model._transient:
                continue
            record = self._fixture_record(model)
            if not record:
                continue
            for role, user in self.roles.items():
                allowed = getattr(row, ROLE_COLUMNS[role])
                if "r" not in allowed or not record.with_user(user)._filtered_access("read"):
                    continue
                outcome = self._try_copy(record.with_user(user))
                # A role who may create can still be refused by a record rule or a check.
                may = "c" in allowed
                ok = outcome in (("ok", "refused", "denied") if may else ("denied", "refused"))
                self._count(
                    failures,
                    f"{name} {role} copy",
                    ok,
                    f"copy {outcome} (expected {'allowed' if may else 'denied'}): copy=False on "
                    "group-restricted and computed fields, or a clear error",
                )
        self._report("copy", failures)

    def _fixture_record(self, model):
        for attribute in ("lease_a", "renewal_a", "registration_a", "ticket_a", "entry_a"):
            record = getattr(self, attribute)
            if record._name == model._name:
                return record.sudo()
        if model._name == "res.partner":
            return self.tenant.sudo()
        return model.search([], limit=1, order="id desc")

    def _try_copy(self, record):
        try:
            with mute_logger("odoo.sql_db", "odoo.models"), self.env.cr.savepoint():
                record.copy()
                self.env.flush_all()
        except AccessError:
            return "denied"
        except UserError:
            return "refused"
        except IntegrityError as error:
            # RPC answers a constraint of the registry with its own message.
            if error.diag.constraint_name in self.env.registry._sql_constraints:
                return "refused"
            return f"crash {error}"[:300]
        except Exception as error:  # noqa: BLE001 - what the suite is looking for
            return f"crash {type(error).__name__}: {error}"[:300]
        return "ok"

    def test_restricted_fields(self):
        failures = []
        for name in sorted(self.models):
            model = self.env[name]
            restricted = {
                fname: field.groups
                for fname, field in model._fields.items()
                if field.groups and is_suite_defined(field)
            }
            expected = FIELD_GROUPS.get(name, {})
            for fname, groups in sorted(restricted.items()):
                field = model._fields[fname]
                self._count(
                    failures,
                    f"{name}.{fname} row",
                    expected.get(fname) == groups,
                    f"restricted to {groups!r} but FIELD_GROUPS says {expected.get(fname)!r}: "
                    f"add or fix FIELD_GROUPS[{name!r}][{fname!r}] in {WHERE}",
                )
                self._count(
                    failures,
                    f"{name}.{fname} copy=False",
                    not field.copy or not field.store or model._transient,
                    "a group-restricted field must be copy=False (copying a record as a user "
                    "outside the group fails on it)",
                )
                for role, user in self.roles.items():
                    member = all(
                        user.has_group(group.strip()) for group in groups.split(",") if group
                    )
                    readable = field.is_accessible(model.with_user(user).env)
                    self._count(
                        failures,
                        f"{name}.{fname} {role} read",
                        readable == member,
                        f"readable={readable} for a {'member' if member else 'non-member'}",
                    )
            stale = set(expected) - set(restricted)
            self.assertFalse(stale, f"FIELD_GROUPS rows of {name} with no such restriction")
        self._report("fields", failures)

    def test_computed_fields_not_writable(self):
        failures = []
        for name in sorted(self.models):
            model = self.env[name]
            actual = computed_fields(model)
            expected = COMPUTED_FIELDS.get(name, set())
            self._count(
                failures,
                f"{name} computed fields",
                set(actual) == set(expected),
                f"computed read-only fields {sorted(actual)} differ from the row "
                f"{sorted(expected)}: fix COMPUTED_FIELDS[{name!r}] in {WHERE}",
            )
            if model._abstract or not model._auto:
                continue
            record = self._fixture_record(model.sudo())
            for fname in sorted(actual):
                field = model._fields[fname]
                if not field.store and not field.inverse:
                    continue  # nothing to write to
                for user in (self.user_housekeeper, self.user_manager):
                    target = (record or model.browse()).with_user(user)
                    try:
                        with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                            target.write({fname: record[fname] if record else False})
                    except (UserError, AccessError):
                        ok, what = True, ""
                    except Exception as error:  # noqa: BLE001
                        ok, what = False, f"{type(error).__name__}: {error}"[:200]
                    else:
                        ok, what = False, "written"
                    self._count(failures, f"{name}.{fname} write as {user.login}", ok, what)
        self._report("computed", failures)
