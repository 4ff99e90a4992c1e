# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""pytest-odoo fixtures of the suite; kept outside the addon so pytest imports no addon package."""

import pytest

from odoo.modules.module import get_manifest, get_modules


@pytest.fixture(scope="session", autouse=True)
def warm_manifest_cache():
    """Parse every addon manifest once, in the main thread, before any HTTP request.

    CPython 3.11 before 3.11.8 may raise "AST constructor recursion depth mismatch" when two
    threads run ast.literal_eval at once (cpython gh-106905). Odoo parses manifests lazily, so
    the HTTP threads of the browser tests did it concurrently: a flaky failure, now avoided
    because the cached manifests are never parsed again.
    """
    for module in get_modules():
        get_manifest(module)
