from . import test_survey_loyalty
