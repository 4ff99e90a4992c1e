# apartment_crm: the two commands are `make demo` and `make test` (see README.md).
.PHONY: demo test setup lint shell bench clean upgrade-test install-matrix

demo:  ## set up everything and serve the demo database at http://127.0.0.1:8069
	bash scripts/demo.sh

test:  ## set up everything, install on a fresh database, run linters and all tests
	bash scripts/test.sh

setup:  ## only the set-up (Debian packages, venv, PostgreSQL, .local/odoo.conf)
	bash scripts/setup.sh

lint:
	bash scripts/setup.sh && bash scripts/lint.sh

shell:  ## an Odoo shell on the demo database
	bash scripts/setup.sh && bash -c 'source scripts/lib.sh && odoo_shell -d $${DEMO_DB:-apartment_demo}'

bench:  ## benchmarks under bench/ (results in docs/benchmarks.md)
	bash scripts/setup.sh && bash bench/run.sh

upgrade-test:  ## a 18.0.1.0.0 database (old single addon, demo data) upgraded in place to this code
	bash scripts/setup.sh && bash scripts/upgrade_test.sh

install-matrix:  ## each addon of the suite installed alone on a fresh database (no demo)
	bash scripts/setup.sh && bash scripts/install_matrix.sh

clean:  ## remove the local state (venv, config, filestore); databases stay
	rm -rf .venv .local
