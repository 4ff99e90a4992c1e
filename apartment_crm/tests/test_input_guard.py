# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import ApartmentCommon


@tagged("post_install", "-at_install")
class TestInputGuard(ApartmentCommon):
    """Bad values get a ValidationError naming the field and the fix (before any override of
    the model reads them), never a TypeError, a ValueError or a PostgreSQL error."""

    def test_text_in_an_amount_before_the_overlap_check(self):
        # The lease's overlap pre-check reads the values: the guard runs first.
        with self.assertRaisesRegex(ValidationError, "Monthly Rent.*not a number"):
            self._create_lease(rent_amount="abc")

    def test_nan_and_infinity(self):
        lease = self._create_lease()
        for value in (float("nan"), float("inf"), float("-inf")):
            with (
                self.subTest(value=value),
                self.assertRaisesRegex(ValidationError, "Deposit.*not a finite number"),
            ):
                lease.with_user(self.user_housekeeper).write({"deposit_amount": value})
        self.assertEqual(lease.deposit_amount, 8000)

    def test_impossible_date(self):
        with self.assertRaisesRegex(ValidationError, "End Date.*2026-02-30.*not a valid date"):
            self._create_lease(date_end="2026-02-30")

    def test_oversized_integer_and_id(self):
        unit = self.unit_a.with_user(self.user_housekeeper)
        with self.assertRaisesRegex(ValidationError, "Floor.*out of range"):
            unit.write({"floor": 2**31})
        with self.assertRaisesRegex(ValidationError, "Tenant.*not a record"):
            self._create_lease(partner_id=2**31)

    def test_unknown_selection_and_blank_name(self):
        unit = self.unit_a.with_user(self.user_manager)
        with self.assertRaisesRegex(ValidationError, "Unit Type.*not one of the choices"):
            unit.write({"unit_type": "castle"})
        with self.assertRaisesRegex(ValidationError, "blank is not accepted"):
            unit.write({"name": "   "})

    def test_oversized_text(self):
        with self.assertRaisesRegex(ValidationError, "too long"):
            self.property.write({"name": "x" * 72 * 1024})

    def test_computed_results_not_writable(self):
        lease = self._create_lease()
        with self.assertRaisesRegex(UserError, "computed by the application"):
            lease.with_user(self.user_housekeeper).write({"duration_months": 99})
        # Through the related field, a lease would move its unit to another building.
        with self.assertRaisesRegex(UserError, "computed by the application"):
            lease.with_user(self.user_housekeeper).write({"property_id": self.property_2.id})
        self.assertEqual(self.unit_a.property_id, self.property)
        self.assertEqual(lease.duration_months, 12)

    def test_bounds_in_sql(self):
        for vals in ({"floor": 100000}, {"bedrooms": -1}):
            with self.subTest(vals=vals), self.assertRaises(Exception) as caught:
                with self.env.cr.savepoint():
                    self.unit_a.write(vals)
                    self.env.flush_all()
            self.assertIn("_range", caught.exception.diag.constraint_name)

    def test_system_writes_pass(self):
        # Valid values are untouched; dates as strings still work.
        lease = self._create_lease(date_start="2026-01-01", date_end="2026-06-30")
        self.assertEqual(lease.date_end, date(2026, 6, 30))


@tagged("post_install", "-at_install")
class TestRouteIds(HttpCase):
    def test_id_beyond_postgresql_integer_is_404(self):
        self.authenticate("admin", "admin")
        for url in ("/my/leases/2147483648", "/my/leases/99999999999999999999"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertEqual(response.status_code, 404)
