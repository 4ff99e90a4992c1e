from . import (
    apartment_churn_signal,
    apartment_dashboard,
    apartment_survey_campaign,
    apartment_survey_invitation,
    res_partner,
    survey_user_input,
)
