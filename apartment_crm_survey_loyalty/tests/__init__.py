from . import test_survey_loyalty
from . import test_i18n
