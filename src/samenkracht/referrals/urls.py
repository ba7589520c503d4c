"""Web pages of referrals. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("verstuurd/", views.sent, name="sent"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/overgang/", views.transition, name="transition"),
    path("<int:pk>/uitkomst-gezien/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/elders/", views.refer_elsewhere, name="refer_elsewhere"),
    path("nieuw/triage/<int:pk>/", views.create_from_triage, name="create_from_triage"),
    path("nieuw/actie/<int:pk>/", views.create_from_action, name="create_from_action"),
    path("huishouden/<int:pk>/toestemming/", views.consents, name="consents"),
    path("toestemming/<int:pk>/intrekken/", views.consent_withdraw, name="consent_withdraw"),
]
