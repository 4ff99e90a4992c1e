from . import apartment_survey_invitation
