"""Web pages of agreements. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.agreements import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("nieuw/", views.agreement_create, name="agreement_create"),
    path("open-allianties/", views.open_alliances, name="open_alliances"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/bewerken/", views.agreement_edit, name="agreement_edit"),
    path("<int:pk>/status/", views.agreement_status, name="agreement_status"),
    path("<int:pk>/verlengen/", views.agreement_renew, name="agreement_renew"),
    path("<int:pk>/partijen/nieuw/", views.party_add, name="party_add"),
    path("<int:pk>/toezeggingen/nieuw/", views.commitment_add, name="commitment_add"),
    path("<int:pk>/aansluiten/", views.accession_request, name="accession_request"),
    path("<int:pk>/besluitenlijsten/nieuw/", views.decision_log_add, name="decision_log_add"),
    path("aansluitverzoeken/<int:pk>/", views.accession_answer, name="accession_answer"),
    path("besluitenlijsten/<int:pk>/acties/nieuw/", views.follow_up_add, name="follow_up_add"),
    path("acties/<int:pk>/", views.follow_up_update, name="follow_up_update"),
    path("opdrachten/", views.assignment_list, name="assignment_list"),
    path("opdrachten/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("opdrachten/<int:pk>/bewerken/", views.assignment_edit, name="assignment_edit"),
    path("opdrachten/<int:pk>/werkplannen/nieuw/", views.work_plan_add, name="work_plan_add"),
    path("opdrachten/<int:pk>/resultaatafspraken/nieuw/", views.result_agreement_add, name="result_agreement_add"),
    path("werkplannen/<int:pk>/deelopdrachten/nieuw/", views.sub_assignment_add, name="sub_assignment_add"),
    path("resultaatafspraken/<int:pk>/bewerken/", views.result_agreement_edit, name="result_agreement_edit"),
    path("resultaatafspraken/<int:pk>/waarden/nieuw/", views.manual_value_add, name="manual_value_add"),
]
