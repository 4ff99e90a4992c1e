# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules shared by the models of the suite (plain helpers, importable by every addon)."""

from .input_guard import check_vals
from .overlap import OverlapGuard, OverlapRow
from .state import check_state, check_workflow_fields, is_workflow_write, workflow_write

__all__ = [
    "check_vals",
    "OverlapGuard",
    "OverlapRow",
    "check_state",
    "check_workflow_fields",
    "is_workflow_write",
    "workflow_write",
]
