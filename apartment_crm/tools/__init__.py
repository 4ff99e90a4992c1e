# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Rules shared by the models of the suite (plain helpers, importable by every addon)."""

from .cron import (
    concurrent_batch,
    get_batch_size,
    is_scheduler_run,
    lock_batch,
    lock_scheduler_batch,
    not_done_in_run,
    not_done_on,
    retry_soon,
    stamp_done,
    take_batch,
    try_lock,
)
from .input_guard import check_vals
from .overlap import OverlapGuard, OverlapRow
from .rules import rewrite_tenant_rules
from .state import check_state, check_workflow_fields, is_workflow_write, workflow_write

__all__ = [
    "check_vals",
    "OverlapGuard",
    "OverlapRow",
    "check_state",
    "check_workflow_fields",
    "concurrent_batch",
    "get_batch_size",
    "is_scheduler_run",
    "is_workflow_write",
    "lock_batch",
    "lock_scheduler_batch",
    "not_done_in_run",
    "not_done_on",
    "retry_soon",
    "rewrite_tenant_rules",
    "stamp_done",
    "take_batch",
    "try_lock",
    "workflow_write",
]
