from . import test_i18n
