from . import apartment_survey_result_report
